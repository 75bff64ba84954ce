"""Explaining one replicate: its chain of events as readable text (week, actor, action, the
rule and article paragraph that fired, ladder levels before and after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core.ladder import level_name
from ..core.theatres import label, theatre
from ..engine.outcomes import KEY_EVENTS, path_labels
from ..formatting import percent

if TYPE_CHECKING:  # pragma: no cover
    from ..results import EnsembleResult


def explain(
    result: EnsembleResult,
    replicate: int,
    *,
    include_decay: bool = True,
    width: int | None = None,
) -> list[str]:
    """Lines telling what happened in ``replicate``, in causal (week, phase) order: a table of
    its acts wrapped to ``width`` columns (default: the terminal's, see
    :func:`escalation_sim.formatting.text_table`), then its outcome and key events.

    Raises
    ------
    KeyError
        If the replicate is not in ``result``.
    ValueError
        If ``result`` has no event log.
    """
    from ..formatting import text_table

    rec = explain_record(result, replicate, include_decay=include_decay)
    lines = [
        f"{rec['scenario']} - replicate {replicate} (seed {rec['seed']}, "
        f"{rec['horizon_weeks']} weeks)"
    ]
    if rec["question"]:
        lines.append(f"question: {rec['question']}")
    lines.append("")
    rows = []
    for e in rec["events"]:
        target = f" -> {label(e['target'])}" if e["target"] else ""
        ladder = ""
        if e["level_before"] is not None and e["level_after"] is not None:
            arrow = f"{e['level_before']} -> {e['level_after']}"
            ladder = f"{theatre(e['theatre']).short} {arrow} ({level_name(e['level_after'])})"
        rule = f"{e['rule']} [{','.join(e['paragraphs'])}]"
        rows.append([str(e["week"]), e["actor"], f"{e['action']}{target}", rule, ladder])
    if rows:
        header = ["week", "actor", "action", "rule [paragraphs]", "ladder"]
        lines += text_table(rows, header, width).splitlines()
    else:
        lines.append("      (no rule fired)")
    lines.append("")
    o = rec["outcome"]
    where = f" ({label(o['region'])})" if o["region"] else ""
    if o["direct_path"]:
        where = f", by {path_labels().get(o['direct_path'], o['direct_path'])} ({o['direct_path']})"
    lines.append(f"outcome: {label(o['class'])}{where} at week {o['week']}")
    happened = [f"{k['event']} (week {k['week']})" for k in rec["key_events"]]
    lines.append("key events: " + ("; ".join(happened) if happened else "none"))
    return lines


def explain_record(result: EnsembleResult, replicate: int, *, include_decay: bool = True) -> dict:
    """What :func:`explain` tells, as data (``explain --format json``): the run's identity,
    its events in causal order (paragraphs as a list, ladder levels ``None`` where an act moved
    no ladder), its outcome and the weeks of its key events.

    Raises the same errors as :func:`explain`.
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
    text, level, paragraphs = _text, _level, _paragraphs
    events = [
        {
            "week": int(e.week),
            "actor": e.actor,
            "action": e.action,
            "target": text(e.target),
            "rule": e.rule,
            "paragraphs": paragraphs(e.paragraphs),
            "theatre": text(e.theatre),
            "level_before": level(e.level_before) if text(e.theatre) else None,
            "level_after": level(e.level_after) if text(e.theatre) else None,
        }
        for e in ev.itertuples(index=False)
    ]
    path = row.get("direct_path")
    return {
        "scenario": sc.name,
        "scenario_hash": sc.hash,
        "seed": result.seed,
        "replicate": int(replicate),
        "horizon_weeks": sc.params.horizon_weeks,
        "question": sc.question or None,
        "events": events,
        "outcome": {
            "class": row["outcome"],
            "region": text(row["outcome_region"]),
            "direct_path": text(path) if row["outcome"] == "direct_confrontation" else None,
            "week": None if pd.isna(row["outcome_week"]) else int(row["outcome_week"]),
        },
        "key_events": [
            {"event": name, "week": week}
            for week, name in sorted(
                (int(row[col]), name) for col, name in KEY_EVENTS.items() if not pd.isna(row[col])
            )
        ],
    }


def _text(v) -> str | None:
    """A text cell, ``None`` when empty or missing."""
    return v if isinstance(v, str) and v else None


def _level(v) -> int | None:
    """A ladder level, ``None`` when missing (NA, or the older layout's ``-1``)."""
    return None if v is None or pd.isna(v) or int(v) < 0 else int(v)


def _paragraphs(v) -> list[str]:
    """An event's article paragraphs as a list (also from the older ``"P4,P8"`` text)."""
    if isinstance(v, str):
        return [p for p in v.split(",") if p]
    return [] if v is None else [str(p) for p in v]


def class_overview(outcomes: pd.DataFrame, outcome: str) -> str:
    """One line on how often ``outcome`` happened among ``outcomes`` and how: its paths (direct
    confrontation) or regions (regional war), whose shares sum to the class's exactly, e.g.
    ``direct_confrontation in 12 of 200 replicates (6.0%): by strike on Western trainers 4.5%,
    by Western retaliation 1.5%``."""
    from .tables import outcome_table  # (tables imports the engine's outcome names)

    table = outcome_table(outcomes)
    n = len(outcomes)
    mine = table[table["outcome"] == outcome]
    where = mine["region"].fillna(mine["path"])
    head = mine[where.isna()].iloc[0]
    parts = mine[where.notna() & (mine["count"] > 0)]
    names = path_labels()
    out = f"{label(outcome)} in {int(head['count'])} of {n} replicates ({percent(head['p'])})"
    bits = []
    for part, p in zip(where[parts.index], parts["p"], strict=True):
        what = f"by {names.get(part, part)}" if outcome != "regional_war" else f"in {label(part)}"
        bits.append(f"{what} {percent(p)}")
    return out + (": " + ", ".join(bits) if bits else "")
