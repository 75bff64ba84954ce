"""Explaining one replicate: its chain of events as readable text (week, actor, action, the
rule and article paragraph that fired, ladder levels before and after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core.ladder import level_name
from ..core.theatres import theatre
from ..engine.outcomes import KEY_EVENTS

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
    lines.append(f"outcome: {row['outcome']}{where} at week {row['outcome_week']}")
    timed = sorted(
        (int(row[col]), label) for col, label in KEY_EVENTS.items() if not pd.isna(row[col])
    )
    happened = [f"{label} (week {w})" for w, label in timed]
    lines.append("key events: " + ("; ".join(happened) if happened else "none"))
    return lines
