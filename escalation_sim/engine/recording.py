"""Recording trajectories: full weekly frames, or per-week distributions reduced while streaming.

:data:`SERIES` names what is recorded each week. :class:`FullRecorder` keeps every replicate
(tidy frame: replicate, week, one column per series). :class:`DistributionRecorder` keeps only
per-week histograms - exact counts for the integer ladders (the occupancy a heatmap shows) and
fine bins for continuous series - plus exact per-week sums, so memory is bounded by weeks x bins,
not by replicates, and chunks merge by addition. Means are exact (up to float summation order);
quantiles are exact for integer series and within one bin for continuous ones: 1/400 of the
range for bounded series, 0.5% of the value for the armament indices (log-spaced bins over
1e-2..1e6), and never outside the exact per-week minimum and maximum. Values outside a
series' range are counted (``out_of_range``), never hidden; a value that is not finite (inf or
NaN, which no rule should produce) stops the run with a :class:`FloatingPointError` naming the
series and the week.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.ladder import MAX_LEVEL
from ..core.theatres import REGIONS, THEATRES
from ..core.world import World, row_sum


@dataclass(frozen=True)
class Series:
    name: str
    get: Callable[[World], np.ndarray]
    lo: float
    hi: float
    integer: bool = False
    label: str = ""
    log: bool = False  # log-spaced bins (unbounded, positive series)

    @property
    def bins(self) -> int:
        if self.integer:
            return int(self.hi - self.lo) + 1
        return 4000 if self.log else 400

    def bin_index(self, v: np.ndarray) -> np.ndarray:
        if self.integer:
            x = v - self.lo
        elif self.log:
            lo, hi = np.log10(self.lo), np.log10(self.hi)
            x = (np.log10(np.maximum(v, self.lo)) - lo) / (hi - lo) * self.bins
        else:
            x = (v - self.lo) / (self.hi - self.lo) * self.bins
        return np.clip(x, 0, self.bins - 1).astype(np.int64)

    def centres(self) -> np.ndarray:
        i = np.arange(self.bins)
        if self.integer:
            return self.lo + i.astype(float)
        if self.log:
            lo, hi = np.log10(self.lo), np.log10(self.hi)
            return 10 ** (lo + (i + 0.5) * (hi - lo) / self.bins)
        return self.lo + (i + 0.5) * (self.hi - self.lo) / self.bins


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
    Series(
        "arms_russia", lambda w: w.arms_russia, 1e-2, 1e6, label="Russian armament index", log=True
    ),
    Series("arms_west", lambda w: w.arms_west, 1e-2, 1e6, label="Western armament index", log=True),
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


#: Offsets that make (theatre, level) pairs one small integer for :class:`DistributionRecorder`.
_THEATRE_OFFSETS = (np.arange(len(THEATRES)) * (MAX_LEVEL + 1)).astype(np.int8)


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
        #: runs per (week, theatre, level) of the highest level each run's ladder has reached so
        #: far (``World.peak``: within-week peaks count, as the outcome classes count them);
        #: ``None`` in a result saved before it was recorded
        self.reached: np.ndarray | None = np.zeros(
            (weeks + 1, len(THEATRES), MAX_LEVEL + 1), np.int64
        )
        self.counts = {s.name: np.zeros((weeks + 1, s.bins), np.int64) for s in SERIES}
        self.sums = {s.name: np.zeros(weeks + 1) for s in SERIES}
        self.outside = {s.name: np.zeros(weeks + 1, np.int64) for s in SERIES}
        self.mins = {s.name: np.full(weeks + 1, np.inf) for s in SERIES}
        self.maxs = {s.name: np.full(weeks + 1, -np.inf) for s in SERIES}
        self.n = 0

    def __call__(self, week: int, w: World) -> None:
        for s in SERIES:
            v = np.asarray(s.get(w), dtype=np.float64)
            lo, hi = v.min(), v.max()  # NaN if any value is NaN
            if not (np.isfinite(lo) and np.isfinite(hi)):
                # binning would turn it into a meaningless index; name the culprit instead
                bad = np.count_nonzero(~np.isfinite(v))
                raise FloatingPointError(
                    f"series {s.name!r} is not finite at week {week} in {bad} of {v.size} "
                    "replicates: a rule produced inf or NaN"
                )
            if v.size < 64:  # few replicates: scatter-add beats a full-length bincount
                np.add.at(self.counts[s.name][week], s.bin_index(v), 1)
            else:
                self.counts[s.name][week] += np.bincount(s.bin_index(v), minlength=s.bins)
            self.sums[s.name][week] += v.sum()
            self.outside[s.name][week] += np.count_nonzero((v < s.lo) | (v > s.hi))
            self.mins[s.name][week] = min(self.mins[s.name][week], lo)
            self.maxs[s.name][week] = max(self.maxs[s.name][week], hi)
        if self.reached is not None:  # one count over (theatre, level) pairs
            levels = MAX_LEVEL + 1
            pairs = w.peak + _THEATRE_OFFSETS  # (R, T): theatre * levels + level, small ints
            self.reached[week] += np.bincount(
                pairs.ravel(), minlength=len(THEATRES) * levels
            ).reshape(len(THEATRES), levels)
        if week == 0:
            self.n += w.n

    def merge(self, other: DistributionRecorder) -> None:
        if self.reached is not None and other.reached is not None:
            self.reached += other.reached
        else:
            self.reached = None
        for k in self.counts:
            self.counts[k] += other.counts[k]
            self.sums[k] += other.sums[k]
            self.outside[k] += other.outside[k]
            np.minimum(self.mins[k], other.mins[k], out=self.mins[k])
            np.maximum(self.maxs[k], other.maxs[k], out=self.maxs[k])
        self.n += other.n

    def quantiles(self, qs=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Long frame: series, week, mean, q05 ... q95, out_of_range (share of replicates
        whose value lay outside the series' binned range; their quantiles are clipped)."""
        rows = []
        for s in SERIES:
            c = self.counts[s.name]
            cum = np.cumsum(c, axis=1)
            total = cum[:, -1:]
            n = np.maximum(total[:, 0], 1)
            centres = s.centres()
            frame = {"series": s.name, "week": np.arange(c.shape[0]), "mean": self.sums[s.name] / n}
            for q in qs:
                idx = (cum >= q * total).argmax(axis=1)
                # a bin centre, kept within the exact range seen that week
                value = np.clip(centres[idx], self.mins[s.name], self.maxs[s.name])
                frame[f"q{round(q * 100):02d}"] = value
            frame["out_of_range"] = self.outside[s.name] / n
            rows.append(pd.DataFrame(frame))
        return pd.concat(rows, ignore_index=True)

    def ever_reached(self) -> pd.DataFrame | None:
        """Share of replicates whose ladder has reached each level or above by each week, per
        theatre (long frame: theatre, week, level, share), or ``None`` where not recorded."""
        if self.reached is None:
            return None
        at_least = np.cumsum(self.reached[:, :, ::-1], axis=2)[:, :, ::-1]
        share = (at_least / max(self.n, 1)).transpose(1, 0, 2)  # (theatre, week, level)
        theatres, weeks, levels = np.meshgrid(*map(np.arange, share.shape), indexing="ij")
        return pd.DataFrame(
            {
                "theatre": np.asarray(THEATRES)[theatres.ravel()],
                "week": weeks.ravel(),
                "level": levels.ravel(),
                "share": share.ravel(),
            }
        )

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
