"""Explaining one replicate: its chain of events as readable text (week, actor, action, the
rule and article paragraph that fired, ladder levels before and after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core.ladder import level_name
from ..core.theatres import theatre
from ..engine.outcomes import KEY_EVENTS, path_labels

if TYPE_CHECKING:  # pragma: no cover
    from ..results import EnsembleResult


def explain(result: EnsembleResult, replicate: int, *, include_decay: bool = True) -> list[str]:
    """Lines telling what happened in ``replicate``, in causal (week, phase) order.

    Raises
    ------
    KeyError
        If the replicate is not in ``result``.
    ValueError
        If ``result`` has no event log.
    """
    out = result.outcomes
    row = out[out["replicate"] == replicate]
    if row.empty:
        lo, hi = out["replicate"].min(), out["replicate"].max()
        raise KeyError(f"replicate {replicate} is not in this result (it holds {lo}..{hi})")
    row = row.iloc[0]
    ev = result.replicate_events(replicate)
    if not include_decay:
        ev = ev[ev["rule"] != "world.ladder_decay"]
    sc = result.scenario
    lines = [
        f"{sc.name} - replicate {replicate} (seed {result.seed}, {sc.params.horizon_weeks} weeks)"
    ]
    if sc.question:
        lines.append(f"question: {sc.question}")
    lines += ["", f"{'week':>4}  {'actor':<26} {'action':<36} {'rule [paragraphs]':<44} ladder"]
    for e in ev.itertuples(index=False):
        target = f" -> {e.target}" if isinstance(e.target, str) and e.target else ""
        action = f"{e.action}{target}"
        ladder = ""
        if isinstance(e.theatre, str) and e.level_before >= 0:
            arrow = f"{e.level_before} -> {e.level_after}"
            ladder = f"{theatre(e.theatre).short} {arrow} ({level_name(e.level_after)})"
        rule = f"{e.rule} [{e.paragraphs}]"
        lines.append(f"{e.week:>4}  {e.actor:<26} {action:<36} {rule:<44} {ladder}".rstrip())
    if ev.empty:
        lines.append("      (no rule fired)")
    lines.append("")
    where = f" ({row['outcome_region']})" if isinstance(row["outcome_region"], str) else ""
    path = row.get("direct_path")
    if row["outcome"] == "direct_confrontation" and isinstance(path, str):
        where = f", by {path_labels().get(path, path)} ({path})"
    lines.append(f"outcome: {row['outcome']}{where} at week {row['outcome_week']}")
    timed = sorted(
        (int(row[col]), label) for col, label in KEY_EVENTS.items() if not pd.isna(row[col])
    )
    happened = [f"{label} (week {w})" for w, label in timed]
    lines.append("key events: " + ("; ".join(happened) if happened else "none"))
    return lines


def class_overview(outcomes: pd.DataFrame, outcome: str) -> str:
    """One line on how often ``outcome`` happened among ``outcomes`` and how: its paths (direct
    confrontation) or regions (regional war), whose shares sum to the class's exactly, e.g.
    ``direct_confrontation in 12 of 200 replicates (6.0%): by strike on Western trainers 4.5%,
    by Western retaliation 1.5%``."""
    from .tables import outcome_table  # (tables imports the engine's outcome names)

    table = outcome_table(outcomes)
    n = len(outcomes)
    head = table[table["outcome"] == outcome].iloc[0]
    parts = table[table["outcome"].str.startswith(f"{outcome}: ") & (table["count"] > 0)]
    names = path_labels()
    out = f"{outcome} in {int(head['count'])} of {n} replicates ({100 * head['p']:.1f}%)"
    bits = []
    for name, p in zip(parts["outcome"], parts["p"], strict=True):
        part = name.partition(": ")[2]
        what = f"by {names.get(part, part)}" if outcome != "regional_war" else f"in {part}"
        bits.append(f"{what} {100 * p:.1f}%")
    return out + (": " + ", ".join(bits) if bits else "")
