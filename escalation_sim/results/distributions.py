"""``distributions.parquet``: a run's per-week histograms and statistics, and back.

One row per (series, week, statistic[, bin]): ``"count"`` rows hold a histogram bin's count
(non-zero bins only); ``"sum"``, ``"out_of_range"``, ``"min"`` and ``"max"`` rows hold that
week's exact statistic, with ``bin`` null. The series ``reached_<theatre>`` count runs by the
highest level their ladder there has reached so far (``bin`` is the level; counts only). Results
saved before the tidy layout coded the statistics as ``bin`` -1 to -4 and had no ``reached_``
series; they still read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.theatres import THEATRES
from ..engine.recording import SERIES, DistributionRecorder

#: The ``statistic`` of ``distributions.parquet`` rows -> the :class:`DistributionRecorder`
#: attribute it comes from: histogram counts (with their ``bin``) and the exact per-week
#: sums, out-of-range counts, minima and maxima (``bin`` null).
STATISTICS = {
    "count": "counts",
    "sum": "sums",
    "out_of_range": "outside",
    "min": "mins",
    "max": "maxs",
}
#: How results before the tidy layout coded the per-week statistics: in ``bin``, -1 to -4.
_LEGACY_BINS = {-1: "sums", -2: "outside", -3: "mins", -4: "maxs"}


#: ``series`` of the rows of ``distributions.parquet`` that count runs by the highest level their
#: ladder in a theatre has reached so far (``reached_nato``; ``bin`` is the level).
REACHED_PREFIX = "reached_"


def _count_rows(series: str, counts: np.ndarray, kinds: pd.CategoricalDtype) -> pd.DataFrame:
    """The non-zero cells of a (week, bin) count array as ``"count"`` rows."""
    week, b = np.nonzero(counts)
    return pd.DataFrame(
        {
            "series": series,
            "week": week.astype(np.int16),
            "statistic": pd.Categorical(["count"] * len(week), dtype=kinds),
            "bin": pd.array(b, dtype="Int16"),
            "value": counts[week, b].astype(np.float64),
        }
    )


def distribution_frame(dist: DistributionRecorder) -> pd.DataFrame:
    """``distributions.parquet`` without its identity columns: per series, the non-zero
    histogram counts (``statistic`` ``"count"``, ``week``, ``bin``) then, for every week, each
    per-week statistic of :data:`STATISTICS` (``bin`` null)."""
    kinds = pd.CategoricalDtype(list(STATISTICS))
    rows = []
    for s in SERIES:
        rows.append(_count_rows(s.name, dist.counts[s.name], kinds))
        weeks = np.arange(dist.weeks + 1, dtype=np.int16)
        for statistic, name in list(STATISTICS.items())[1:]:
            rows.append(
                pd.DataFrame(
                    {
                        "series": s.name,
                        "week": weeks,
                        "statistic": pd.Categorical([statistic] * len(weeks), dtype=kinds),
                        "bin": pd.array([pd.NA] * len(weeks), dtype="Int16"),
                        "value": getattr(dist, name)[s.name].astype(np.float64),
                    }
                )
            )
    if dist.reached is not None:  # the highest level reached so far: counts by level only
        for t, theatre in enumerate(THEATRES):
            rows.append(_count_rows(f"{REACHED_PREFIX}{theatre}", dist.reached[:, t], kinds))
    frame = pd.concat(rows, ignore_index=True)
    names = [s.name for s in SERIES] + [f"{REACHED_PREFIX}{t}" for t in THEATRES]
    frame["series"] = frame["series"].astype(pd.CategoricalDtype(names))
    return frame


def read_distributions(frame: pd.DataFrame, weeks: int, replicates: int) -> DistributionRecorder:
    """The recorder :func:`distribution_frame` wrote out (or an earlier version, which coded
    the per-week statistics as ``bin`` -1 to -4)."""
    dist = DistributionRecorder(weeks)
    if "statistic" in frame.columns:
        kind = frame["statistic"].astype(str)
    else:
        codes = frame["bin"].to_numpy()
        kind = pd.Series(np.where(codes >= 0, "count", ""), index=frame.index, dtype=object)
        for code, name in _LEGACY_BINS.items():
            kind[codes == code] = next(k for k, v in STATISTICS.items() if v == name)
    series = frame["series"].astype(str)
    for s in SERIES:
        mine = series == s.name
        for statistic, name in STATISTICS.items():
            part = frame[mine & (kind == statistic)]
            week = part["week"].to_numpy(np.int64)
            if statistic == "count":
                dist.counts[s.name][week, part["bin"].to_numpy(np.int64)] = part["value"]
            else:
                getattr(dist, name)[s.name][week] = part["value"].to_numpy()
    reached = [series == f"{REACHED_PREFIX}{t}" for t in THEATRES]
    if any(r.any() for r in reached):
        for t, mine in enumerate(reached):
            part = frame[mine & (kind == "count")]
            week, level = part["week"].to_numpy(np.int64), part["bin"].to_numpy(np.int64)
            dist.reached[week, t, level] = part["value"].to_numpy()
    else:  # saved before the highest levels reached were recorded
        dist.reached = None
    dist.n = replicates
    return dist
