"""The event log: one row per rule firing (replicate, week, actor, action, rule, paragraph,
category, escalation score, target, ladder before and after)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .ladder import THEATRES
from .rules import REGISTRY

EVENT_COLUMNS = [
    "replicate",
    "week",
    "actor",
    "rule",
    "action",
    "paragraphs",
    "category",
    "score",
    "target",
    "theatre",
    "level_before",
    "level_after",
]


class EventLog:
    """Columnar accumulation of firings; :meth:`frame` builds the tidy table once."""

    def __init__(self, west_names) -> None:
        self._chunks: list[tuple] = []

    def add(self, week, rule, actor, idx, target, theatre, before, after) -> None:
        n = len(idx)
        if n == 0:
            return
        b = np.full(n, -1, np.int8) if before is None else np.asarray(before, np.int8)
        a = np.full(n, -1, np.int8) if after is None else np.asarray(after, np.int8)
        self._chunks.append(
            (
                np.asarray(idx, np.int64),
                week,
                rule.index,
                actor,
                target,
                -1 if theatre is None else int(theatre),
                b,
                a,
            )
        )

    def __len__(self) -> int:
        return sum(len(c[0]) for c in self._chunks)

    def frame(self, replicate_ids: np.ndarray) -> pd.DataFrame:
        """The log as a DataFrame sorted by (replicate, week, firing order)."""
        rules = list(REGISTRY)
        if not self._chunks:
            return empty_events()
        sizes = np.array([len(c[0]) for c in self._chunks])
        rep = replicate_ids[np.concatenate([c[0] for c in self._chunks])]
        order_in_week = np.repeat(np.arange(len(self._chunks)), sizes)

        def rep_(values):
            return np.repeat(np.asarray(values, dtype=object), sizes)

        rule_idx = np.repeat([c[2] for c in self._chunks], sizes)
        theatre = np.repeat([c[5] for c in self._chunks], sizes)
        df = pd.DataFrame(
            {
                "replicate": rep.astype(np.int64),
                "week": np.repeat([c[1] for c in self._chunks], sizes).astype(np.int16),
                "actor": rep_([c[3] for c in self._chunks]),
                "rule": np.array([r.id for r in rules], dtype=object)[rule_idx],
                "action": np.array([r.action for r in rules], dtype=object)[rule_idx],
                "paragraphs": np.array([",".join(r.paragraphs) for r in rules], dtype=object)[
                    rule_idx
                ],
                "category": np.array(
                    [r.category.value if r.category else "" for r in rules], dtype=object
                )[rule_idx],
                "score": np.array([r.score for r in rules], dtype=np.int16)[rule_idx],
                "target": rep_([c[4] for c in self._chunks]),
                "theatre": np.array([*THEATRES, None], dtype=object)[theatre],
                "level_before": np.concatenate([c[6] for c in self._chunks]),
                "level_after": np.concatenate([c[7] for c in self._chunks]),
                "_order": order_in_week,
            }
        )
        df = df.sort_values(["replicate", "week", "_order"], kind="stable").drop(columns="_order")
        return _categorise(df.reset_index(drop=True))


def _categorise(df: pd.DataFrame) -> pd.DataFrame:
    for col in ("actor", "rule", "action", "paragraphs", "category", "target", "theatre"):
        df[col] = df[col].astype("category")
    return df


def empty_events() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype=object) for c in EVENT_COLUMNS})
    df = df.astype(
        {
            "replicate": np.int64,
            "week": np.int16,
            "score": np.int16,
            "level_before": np.int8,
            "level_after": np.int8,
        }
    )
    return _categorise(df)
