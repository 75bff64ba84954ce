"""Parameter uncertainty in every headline: a scenario run over N parameter sets.

``run SCENARIO --uncertainty N`` draws N parameter sets by Latin hypercube (SALib) from the
plausible range of every parameter the scenario leaves at its default - a parameter the
scenario sets is its premise and stays as set, and so do the horizon, the outcome definitions
and the ladders' start state - and splits the replicates evenly over the sets. Set ``s`` runs
replicates ``s*R .. s*R + R - 1``, so every run draws its own numbers: with a zero width (every
range shrunk to the scenario's value) the runs are exactly those of ``run`` with the same
replicate count and seed.

Each probability is then reported three ways: its mean over all runs with the Monte Carlo
interval (Wilson), the 5-95% band of the per-set probabilities - how much it depends on the
assumptions, including each set's own sampling noise - and the two parameters whose rank
correlation with it is the strongest.

:func:`compare_uncertain` runs two scenarios at the same N sets with the same replicate
numbers (common random numbers) and reports, for every outcome, the share of sets in which
the first raises the risk over the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..engine.outcomes import KEY_EVENTS, OUTCOMES
from ..errors import RangeError
from ..scenarios.loader import Scenario
from ..scenarios.schema import ScenarioParams
from .stats import wilson

#: Runs stepped together: bounds memory whatever N and the replicate count.
CHUNK_RUNS = 10_000
BAND = (0.05, 0.95)


@dataclass(frozen=True)
class Factor:
    """One uncertain parameter: its path, its range and the scenario's value."""

    path: str
    low: float
    high: float
    value: float
    integer: bool


def uncertain_factors(params: ScenarioParams, width: float = 1.0) -> list[Factor]:
    """The parameters ``params`` leaves at their defaults, each over its plausible range
    (widened to hold the value), shrunk towards the value by ``width`` (0: no uncertainty)."""
    from ..experiments.spec import _fixed, _start_state

    if not 0.0 <= width <= 1.0:
        raise RangeError(f"width(={width!r}) must lie in 0-1")
    defaults = {r.path: r.value for r in ScenarioParams(name="defaults").parameter_ranges()}
    out = []
    for r in params.parameter_ranges():
        if _fixed(r.path) or _start_state(r.path) or defaults.get(r.path) != r.value:
            continue
        lo, hi = min(r.plausible[0], r.value), max(r.plausible[1], r.value)
        low, high = r.value - width * (r.value - lo), r.value + width * (hi - r.value)
        if high > low:
            out.append(Factor(r.path, float(low), float(high), r.value, r.integer))
    return out


def parameter_sets(factors: list[Factor], sets: int, seed: int) -> pd.DataFrame:
    """``sets`` rows of parameter values: a Latin hypercube (SALib) over ``factors``."""
    if not factors:
        return pd.DataFrame(index=pd.RangeIndex(sets, name="set"))
    from SALib.sample import latin

    problem = {
        "num_vars": len(factors),
        "names": [f.path for f in factors],
        "bounds": [[0.0, 1.0]] * len(factors),
    }
    u = latin.sample(problem, sets, seed=seed % 2**32)
    data = {}
    for j, f in enumerate(factors):
        v = f.low + u[:, j] * (f.high - f.low)
        data[f.path] = np.clip(np.floor(v + 0.5), f.low, f.high).astype(int) if f.integer else v
    return pd.DataFrame(data, index=pd.RangeIndex(sets, name="set"))


def _points(scenario: Scenario, values: pd.DataFrame) -> list[ScenarioParams]:
    from ..experiments.points import apply_point

    if values.shape[1] == 0:
        return [scenario.params] * len(values)
    out = []
    for row in values.to_dict("records"):  # keeps each column's type (whole numbers stay)
        changes = {
            p: (int(v) if isinstance(v, (int, np.integer)) else float(v)) for p, v in row.items()
        }
        out.append(apply_point(scenario.params, changes))
    return out


def _run_sets(points: list[ScenarioParams], per_set: int, seed: int) -> pd.DataFrame:
    """The outcomes frame of every run, set ``s`` on replicates ``s*per_set`` onwards."""
    from ..engine.model import EscalationModel

    frames = []
    step = max(1, CHUNK_RUNS // per_set)
    for start in range(0, len(points), step):
        chunk = points[start : start + step]
        ids = np.arange(start * per_set, (start + len(chunk)) * per_set)
        model = EscalationModel(
            points=chunk, replicates=per_set, seed=seed, record_events=False, replicate_ids=ids
        )
        model.run()
        frame = model.tracker.frame(model.world, model.replicate_ids)
        frame.insert(0, "set", model.point + start)
        model.release()
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _measures() -> dict[str, callable]:
    out = {o: (lambda f, o=o: f["outcome"] == o) for o in OUTCOMES}
    for e in KEY_EVENTS:
        out[e.removesuffix("_week")] = lambda f, e=e: f[e].notna()
    return out


@dataclass
class UncertainResult:
    """A scenario run over parameter sets.

    Attributes
    ----------
    scenario, seed, sets, replicates
        What was run: ``replicates`` runs in all, ``replicates // sets`` per set.
    values
        One row per set: the uncertain parameters' values.
    per_set
        One row per set: the probability of every outcome class and key event.
    runs
        The outcomes frame of every run, with its ``set``.
    width
        How far the ranges reached (1: the plausible ranges; 0: none).
    """

    scenario: Scenario
    seed: int
    sets: int
    replicates: int
    width: float
    values: pd.DataFrame
    per_set: pd.DataFrame
    runs: pd.DataFrame = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Per measure: ``p`` over all runs with its Wilson interval, the band of the per-set
        probabilities, and the two parameters most rank-correlated with it."""
        from scipy.stats import spearmanr

        rows = []
        for name, test in _measures().items():
            hits = test(self.runs).to_numpy()
            k, n = int(hits.sum()), len(hits)
            lo, hi = wilson(k, n)
            ps = self.per_set[name].to_numpy()
            movers = []
            if self.values.shape[1] and np.ptp(ps) > 0:
                for path in self.values.columns:
                    x = self.values[path].to_numpy()
                    if np.ptp(x) > 0:
                        rho = spearmanr(x, ps).statistic
                        if np.isfinite(rho):
                            movers.append((abs(rho), path, rho))
                movers.sort(reverse=True)
            rows.append(
                {
                    "measure": name,
                    "kind": "outcome" if name in OUTCOMES else "event",
                    "p": k / n,
                    "ci_low": lo,
                    "ci_high": hi,
                    "band_low": float(np.quantile(ps, BAND[0])),
                    "band_high": float(np.quantile(ps, BAND[1])),
                    "moved_by": "; ".join(f"{p} (rho {r:+.2f})" for _, p, r in movers[:2]),
                }
            )
        return pd.DataFrame(rows)


def _per_set(runs: pd.DataFrame, sets: int) -> pd.DataFrame:
    data = {name: test(runs).groupby(runs["set"]).mean() for name, test in _measures().items()}
    return pd.DataFrame(data).reindex(range(sets)).rename_axis("set")


def _check(sets: int, replicates: int) -> int:
    if sets < 2:
        raise RangeError(f"--uncertainty(={sets}) must be at least 2 parameter sets")
    if replicates % sets:
        raise RangeError(
            f"--uncertainty {sets} splits the replicates evenly over the sets: replicates(="
            f"{replicates}) must be a multiple of {sets}"
        )
    return replicates // sets


def run_uncertain(
    scenario: Scenario, sets: int, replicates: int, seed: int = 1, width: float = 1.0
) -> UncertainResult:
    """Run ``scenario`` over ``sets`` parameter sets, ``replicates`` runs in all.

    Raises
    ------
    RangeError
        If ``sets`` < 2 or ``replicates`` is not a multiple of ``sets``.
    """
    per_set = _check(sets, replicates)
    factors = uncertain_factors(scenario.params, width)
    values = parameter_sets(factors, sets, seed)
    runs = _run_sets(_points(scenario, values), per_set, seed)
    return UncertainResult(
        scenario, seed, sets, replicates, width, values, _per_set(runs, sets), runs
    )


def compare_uncertain(
    a: Scenario, b: Scenario, sets: int, replicates: int, seed: int = 1, width: float = 1.0
) -> pd.DataFrame:
    """How robust the difference between ``a`` and ``b`` is to the assumptions: both run at the
    same ``sets`` parameter sets (the parameters both leave at their defaults) with the same
    replicate numbers; per measure, the mean difference, the share of sets where ``a`` is
    higher, lower or equal, and the 5-95% band of the per-set differences."""
    per_set = _check(sets, replicates)
    fa = {f.path: f for f in uncertain_factors(a.params, width)}
    factors = [f for f in uncertain_factors(b.params, width) if f.path in fa]
    values = parameter_sets(factors, sets, seed)
    pa = _per_set(_run_sets(_points(a, values), per_set, seed), sets)
    pb = _per_set(_run_sets(_points(b, values), per_set, seed), sets)
    rows = []
    for name in pa.columns:
        d = (pa[name] - pb[name]).to_numpy()
        rows.append(
            {
                "measure": name,
                "scenario": a.name,
                "reference": b.name,
                "difference": float(d.mean()),
                "share_higher": float((d > 0).mean()),
                "share_lower": float((d < 0).mean()),
                "share_equal": float((d == 0).mean()),
                "band_low": float(np.quantile(d, BAND[0])),
                "band_high": float(np.quantile(d, BAND[1])),
            }
        )
    return pd.DataFrame(rows)
