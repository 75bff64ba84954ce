"""The tidy probability tables of an ensemble, one row per outcome class, key event or region.

Outcome probabilities and key-event probabilities (by the horizon and within six months) come
with 95% Wilson intervals over replicates, key events also with the quartiles of their week.
These DataFrames are public (``EnsembleResult.outcome_probabilities()`` and
``event_probabilities()``); :mod:`escalation_sim.analysis.summary` reads them into typed rows.
Every figure is conditional on the scenario's assumptions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.theatres import REGIONS
from ..engine.outcomes import KEY_EVENTS, OUTCOMES, path_labels
from .stats import wilson


def _row(cls: str, k: int, n: int, region: str | None = None, path: str | None = None) -> dict:
    lo, hi = wilson(k, n)
    p = k / n if n else np.nan
    return {
        "outcome": cls,
        "region": region,
        "path": path,
        "count": k,
        "p": p,
        "ci_low": lo,
        "ci_high": hi,
    }


def outcome_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome class, then its parts, one fact per column: ``outcome`` is always
    the class; ``region`` names the region of each regional war (every region) and ``path`` the
    rule whose act took Russia-NATO to each direct confrontation (the paths that occurred, in
    registry order); both are missing on a class's own row. A class's parts count every one of
    its replicates once, so they sum to the class exactly. Select the classes with
    ``table[table["region"].isna() & table["path"].isna()]``."""
    n = len(outcomes)
    rows = []
    counts = outcomes["outcome"].value_counts()
    for cls in OUTCOMES:
        rows.append(_row(cls, int(counts.get(cls, 0)), n))
        mine = outcomes["outcome"] == cls
        if cls == "direct_confrontation" and "direct_path" in outcomes.columns:
            by_path = outcomes.loc[mine, "direct_path"].value_counts()
            for path in path_labels():
                if by_path.get(path, 0):
                    rows.append(_row(cls, int(by_path[path]), n, path=path))
        if cls == "regional_war":
            by_region = outcomes.loc[mine, "outcome_region"].value_counts()
            for r in REGIONS:
                rows.append(_row(cls, int(by_region.get(r, 0)), n, region=r))
    table = pd.DataFrame(rows)
    for column in ("region", "path"):
        table[column] = table[column].astype("string")  # <NA> where the row is a class
    return table


def event_table(outcomes: pd.DataFrame, six_months: int = 26) -> pd.DataFrame:
    """Probability of each key event by the horizon and within ``six_months`` weeks, with
    Wilson intervals, and quantiles of its week among the replicates where it happened."""
    n = len(outcomes)
    rows = []
    for col, label in KEY_EVENTS.items():
        weeks = outcomes[col]
        happened = weeks.notna().to_numpy()
        k = int(happened.sum())
        k6 = int((weeks.to_numpy(dtype=float, na_value=np.nan) <= six_months).sum())
        lo, hi = wilson(k, n)
        lo6, hi6 = wilson(k6, n)
        w = weeks.dropna().to_numpy(dtype=float)
        q = np.quantile(w, [0.25, 0.5, 0.75]) if w.size else [np.nan] * 3
        rows.append(
            {
                "event": label,
                "column": col,
                "p": k / n if n else np.nan,
                "ci_low": lo,
                "ci_high": hi,
                "p_6m": k6 / n if n else np.nan,
                "ci6_low": lo6,
                "ci6_high": hi6,
                "week_q25": q[0],
                "week_median": q[1],
                "week_q75": q[2],
            }
        )
    return pd.DataFrame(rows)


def transfer_regions(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Where the first long-range transfer went, among replicates with one (share, 95% CI)."""
    got = outcomes["first_transfer_region"].dropna()
    n = len(got)
    rows = []
    for r in REGIONS:
        k = int((got == r).sum())
        lo, hi = wilson(k, n)
        rows.append(
            {"region": r, "count": k, "share": k / n if n else np.nan, "ci_low": lo, "ci_high": hi}
        )
    return pd.DataFrame(rows)
