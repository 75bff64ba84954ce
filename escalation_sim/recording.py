"""Recording trajectories: full weekly frames, or per-week distributions reduced while streaming.

:data:`SERIES` names what is recorded each week. :class:`FullRecorder` keeps every replicate
(tidy frame: replicate, week, one column per series). :class:`DistributionRecorder` keeps only
per-week histograms - exact counts for the integer ladders (the occupancy a heatmap shows) and
fine bins for continuous series - so memory is bounded by weeks x bins, not by replicates, and
chunks merge by addition. Quantiles read from those histograms are exact for integer series and
within one bin (1/400 of the range) for continuous ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ladder import MAX_LEVEL, REGIONS, THEATRES
from .world import World, row_sum


@dataclass(frozen=True)
class Series:
    name: str
    get: Callable[[World], np.ndarray]
    lo: float
    hi: float
    integer: bool = False
    label: str = ""

    @property
    def bins(self) -> int:
        return int(self.hi - self.lo) + 1 if self.integer else 400


def _ladder(t):
    return lambda w: w.ladder[:, t]


def _tension(g):
    return lambda w: w.tension[:, g]


SERIES: tuple[Series, ...] = (
    *[
        Series(f"ladder_{name}", _ladder(t), 0, MAX_LEVEL, True, f"ladder: {name}")
        for t, name in enumerate(THEATRES)
    ],
    Series("involvement", lambda w: w.involvement, 0, 1, label="perceived involvement"),
    Series("capability", lambda w: w.capability, 0, 1, label="Ukraine long-range capability"),
    Series("f16_readiness", lambda w: w.f16_readiness, 0, 1, label="F-16 readiness"),
    Series("pressure", lambda w: w.pressure, 0, 1, label="battlefield pressure"),
    Series("arms_russia", lambda w: w.arms_russia, 0, 10, label="Russian armament index"),
    Series("arms_west", lambda w: w.arms_west, 0, 10, label="Western armament index"),
    *[
        Series(f"tension_{r}", _tension(g), 0, 1, label=f"tension: {r}")
        for g, r in enumerate(REGIONS)
    ],
    Series("entrenchment", lambda w: w.entrenchment, 0, 1, label="entrenchment"),
    Series(
        "permitting_states",
        lambda w: row_sum(w.permits),
        0,
        16,
        True,
        "states permitting deep strikes",
    ),
    Series(
        "trainer_states",
        lambda w: row_sum(w.trainers),
        0,
        16,
        True,
        "states with trainers in Ukraine",
    ),
    Series("transfers", lambda w: row_sum(w.transfers), 0, 255, True, "transfers so far"),
    Series("ceasefire", lambda w: w.ceasefire, 0, 1, True, "ceasefire holds"),
    Series("cobelligerent", lambda w: w.cobelligerent, 0, 1, True, "West a co-belligerent"),
)
SERIES_BY_NAME = {s.name: s for s in SERIES}
LADDER_SERIES = tuple(f"ladder_{t}" for t in THEATRES)


class FullRecorder:
    """Every replicate's value of every series, every week."""

    def __init__(self, weeks: int, n: int) -> None:
        self.values = {
            s.name: np.empty((weeks + 1, n), np.int16 if s.integer else np.float32) for s in SERIES
        }

    def __call__(self, week: int, w: World) -> None:
        for s in SERIES:
            self.values[s.name][week] = s.get(w)

    def frame(self, replicate_ids: np.ndarray) -> pd.DataFrame:
        """Tidy frame sorted by (replicate, week)."""
        weeks, n = next(iter(self.values.values())).shape
        out = {
            "replicate": np.repeat(replicate_ids.astype(np.int64), weeks),
            "week": np.tile(np.arange(weeks, dtype=np.int16), n),
        }
        for s in SERIES:
            v = self.values[s.name].T.reshape(-1)  # replicate-major: no sort needed
            out[s.name] = v.astype(np.int8) if s.integer and s.hi <= 127 else v
        return pd.DataFrame(out)


class DistributionRecorder:
    """Per-week histograms of every series; mergeable across chunks with ``+=``."""

    def __init__(self, weeks: int) -> None:
        self.weeks = weeks
        self.counts = {s.name: np.zeros((weeks + 1, s.bins), np.int64) for s in SERIES}
        self.n = 0

    def __call__(self, week: int, w: World) -> None:
        for s in SERIES:
            v = np.asarray(s.get(w), dtype=np.float64)
            if s.integer:
                b = np.clip(v - s.lo, 0, s.bins - 1).astype(np.int64)
            else:
                b = np.clip(((v - s.lo) / (s.hi - s.lo) * s.bins).astype(np.int64), 0, s.bins - 1)
            self.counts[s.name][week] += np.bincount(b, minlength=s.bins)
        if week == 0:
            self.n += w.n

    def merge(self, other: DistributionRecorder) -> None:
        for k in self.counts:
            self.counts[k] += other.counts[k]
        self.n += other.n

    def quantiles(self, qs=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Long frame: series, week, mean, q05 ... q95."""
        rows = []
        for s in SERIES:
            c = self.counts[s.name]
            cum = np.cumsum(c, axis=1)
            total = cum[:, -1:]
            if s.integer:
                centers = s.lo + np.arange(s.bins)
            else:
                width = (s.hi - s.lo) / s.bins
                centers = s.lo + (np.arange(s.bins) + 0.5) * width
            mean = (c * centers).sum(axis=1) / np.maximum(total[:, 0], 1)
            frame = {"series": s.name, "week": np.arange(c.shape[0]), "mean": mean}
            for q in qs:
                idx = (cum >= q * total).argmax(axis=1)
                frame[f"q{round(q * 100):02d}"] = centers[idx]
            rows.append(pd.DataFrame(frame))
        return pd.concat(rows, ignore_index=True)

    def occupancy(self) -> pd.DataFrame:
        """Share of replicates at each ladder level per week and theatre (long frame)."""
        rows = []
        for t in THEATRES:
            c = self.counts[f"ladder_{t}"]
            share = c / np.maximum(c.sum(axis=1, keepdims=True), 1)
            weeks, levels = np.meshgrid(np.arange(c.shape[0]), np.arange(c.shape[1]), indexing="ij")
            rows.append(
                pd.DataFrame(
                    {
                        "theatre": t,
                        "week": weeks.ravel(),
                        "level": levels.ravel(),
                        "share": share.ravel(),
                    }
                )
            )
        return pd.concat(rows, ignore_index=True)
