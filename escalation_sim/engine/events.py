"""The event log: one row per rule firing (replicate, week, actor, action, rule, paragraph,
category, escalation score, target, ladder before and after)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.theatres import THEATRES
from ..rules import REGISTRY

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
    """Columnar accumulation of firings; :meth:`frame` builds the tidy table once.

    Each :meth:`add` stores index arrays and small integer codes only; strings are attached at
    the end as categoricals, so logging costs little inside the weekly loop.
    """

    def __init__(self) -> None:
        self._chunks: list[tuple] = []
        self._labels: dict[str | None, int] = {}

    def _code(self, label: str | None) -> int:
        if label is None:
            return -1
        return self._labels.setdefault(label, len(self._labels))

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
                self._code(actor),
                self._code(target),
                -1 if theatre is None else int(theatre),
                b,
                a,
            )
        )

    def __len__(self) -> int:
        return sum(len(c[0]) for c in self._chunks)

    def frame(self, replicate_ids: np.ndarray) -> pd.DataFrame:
        """The log as a DataFrame sorted by (replicate, week, firing order)."""
        if not self._chunks:
            return empty_events()
        sizes = np.array([len(c[0]) for c in self._chunks])

        def col(i, dtype):
            return np.repeat(np.array([c[i] for c in self._chunks], dtype=dtype), sizes)

        rep = replicate_ids[np.concatenate([c[0] for c in self._chunks])].astype(np.int64)
        week = col(1, np.int16)
        order = np.repeat(np.arange(len(self._chunks)), sizes)
        sort = np.lexsort((order, week, rep))
        rule = col(2, np.int64)[sort]
        labels = list(self._labels)
        rules = list(REGISTRY)

        def cat(codes, categories):
            return pd.Categorical.from_codes(codes, categories=categories)

        return pd.DataFrame(
            {
                "replicate": rep[sort],
                "week": week[sort],
                "actor": cat(col(3, np.int64)[sort], labels),
                "rule": cat(rule, [r.id for r in rules]),
                "action": pd.Categorical(np.array([r.action for r in rules], dtype=object)[rule]),
                "paragraphs": pd.Categorical(
                    np.array([",".join(r.paragraphs) for r in rules], dtype=object)[rule]
                ),
                "category": pd.Categorical(
                    np.array([r.category.value if r.category else "" for r in rules], dtype=object)[
                        rule
                    ]
                ),
                "score": np.array([r.score for r in rules], dtype=np.int16)[rule],
                "target": cat(col(4, np.int64)[sort], labels),
                "theatre": cat(col(5, np.int64)[sort], list(THEATRES)),
                "level_before": np.concatenate([c[6] for c in self._chunks])[sort],
                "level_after": np.concatenate([c[7] for c in self._chunks])[sort],
            }
        )


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
    for c in ("actor", "rule", "action", "paragraphs", "category", "target", "theatre"):
        df[c] = df[c].astype("category")
    return df
