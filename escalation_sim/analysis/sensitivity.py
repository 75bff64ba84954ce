"""What a sweep answers: which assumptions drive a risk, and where in the space it is high.

* **Sobol indices** (first order S1 and total order ST, with bootstrap confidence intervals) and
  **Morris elementary effects** (mu*, its interval, and sigma), computed by SALib's own
  analyzers on the sample SALib made - per outcome and per policy (lever combination), since
  the sample is crossed with the levers;
* a **tornado** of conditional means: the outcome where each factor is in the lowest and the
  highest fifth of its range (a reading that works for every design);
* **scenario discovery**: PRIM (the ``PRIM`` package, Project Platypus) finds boxes of the
  uncertainty and lever space where the outcome is high, with its coverage/density trade-off
  and the box limits; a shallow CART tree (scikit-learn) is the alternative reading;
* the **lever grid**: mean outcome per lever combination, for heatmaps.

Each design point's outcome is itself a Monte Carlo estimate over its replicates, so the
indices include that noise: a factor with no effect gets a total index near 0, within its
interval, not exactly 0 (and exactly 0 under Morris, whose paired points share their draws).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ResultError
from .discovery import Discovery, discover

#: Outcomes analysed by default: the article's two risks.
DEFAULT_OUTCOMES = ("direct_confrontation", "regional_war")
#: Bootstrap resamples of the Sobol and Morris intervals, and their level.
RESAMPLES, CONF_LEVEL = 1000, 0.95
#: A tornado bar compares points in the lowest and the highest fifth of a factor's range.
TORNADO_FRACTION = 0.2


def outcome_column(outcome: str) -> str:
    """The per-point column of an outcome (``points.parquet``)."""
    from ..experiments.outcomes import OUTCOME_CATALOGUE

    if outcome not in OUTCOME_CATALOGUE:
        raise ResultError(f"unknown outcome {outcome!r}; known: {', '.join(OUTCOME_CATALOGUE)}")
    return OUTCOME_CATALOGUE[outcome].columns[0]


def sobol_indices(
    problem: dict,
    y: np.ndarray,
    *,
    second_order: bool = False,
    seed: int = 0,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """First- and total-order Sobol indices of ``y`` over a Saltelli sample of ``problem``
    (SALib's ``sobol.analyze``), with the half-widths of their bootstrap intervals."""
    from SALib.analyze import sobol

    res = sobol.analyze(
        problem,
        np.asarray(y, dtype=float),
        calc_second_order=second_order,
        num_resamples=resamples,
        conf_level=CONF_LEVEL,
        seed=seed,
    )
    return pd.DataFrame(
        {
            "factor": problem["names"],
            "S1": res["S1"],
            "S1_conf": res["S1_conf"],
            "ST": res["ST"],
            "ST_conf": res["ST_conf"],
        }
    )


def morris_indices(
    problem: dict,
    x: np.ndarray,
    y: np.ndarray,
    *,
    levels: int,
    seed: int = 0,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """Morris mu, mu*, the half-width of mu*'s bootstrap interval, and sigma of ``y`` over
    Morris trajectories ``x`` (SALib's ``morris.analyze``)."""
    from SALib.analyze import morris

    res = morris.analyze(
        problem,
        np.asarray(x, dtype=float),
        np.asarray(y, dtype=float),
        num_resamples=resamples,
        conf_level=CONF_LEVEL,
        num_levels=levels,
        seed=seed,
    )
    return pd.DataFrame(
        {
            "factor": problem["names"],
            "mu": np.asarray(res["mu"], dtype=float),
            "mu_star": np.asarray(res["mu_star"], dtype=float),
            "mu_star_conf": np.asarray(res["mu_star_conf"], dtype=float),
            "sigma": np.asarray(res["sigma"], dtype=float),
        }
    )


def tornado(points: pd.DataFrame, factors: list[str], column: str) -> pd.DataFrame:
    """Per factor: the mean of ``column`` over the points in the lowest and the highest fifth
    of the factor's values (by rank), and over all points; sorted by the swing."""
    rows = []
    base = float(points[column].mean())
    for f in factors:
        ranks = points[f].rank(pct=True, method="average")
        low = points.loc[ranks <= TORNADO_FRACTION, column]
        high = points.loc[ranks > 1 - TORNADO_FRACTION, column]
        if low.empty or high.empty:
            continue
        rows.append({"factor": f, "low": low.mean(), "high": high.mean(), "base": base})
    out = pd.DataFrame(rows, columns=["factor", "low", "high", "base"])
    out["swing"] = (out["high"] - out["low"]).abs()
    return out.sort_values("swing", ascending=False, ignore_index=True)


@dataclass
class SweepAnalysis:
    """Everything :func:`analyze` found in one sweep.

    Attributes
    ----------
    name, design, outcomes
        The experiment's name, its design kind and the outcomes analysed.
    factors, levers
        The sampled factors and the crossed levers.
    points
        The per-point table the analysis read (with a ``policy_label`` column).
    sobol, morris
        One row per (outcome, policy, factor) - or ``None`` when the design is neither.
    tornado
        One row per (outcome, factor): conditional means at the low and high ends.
    lever_grid
        Mean outcome per lever combination (one row per policy), or ``None`` without levers.
    discovery
        Per outcome, its :class:`Discovery` (or the reason there is none, as text).
    """

    name: str
    design: str
    outcomes: tuple[str, ...]
    factors: tuple[str, ...]
    levers: tuple[str, ...]
    points: pd.DataFrame
    sobol: pd.DataFrame | None
    morris: pd.DataFrame | None
    tornado: pd.DataFrame
    lever_grid: pd.DataFrame | None
    discovery: dict[str, Discovery | str]
    manifest: dict = field(repr=False, default_factory=dict)


def analyze(
    sweep,
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES,
    *,
    threshold: float | None = None,
    seed: int = 0,
) -> SweepAnalysis:
    """Analyse a finished sweep (a :class:`~escalation_sim.experiments.SweepResult` or its
    directory): Sobol or Morris indices as the design allows, a tornado, the lever grid and
    scenario discovery for each outcome.

    Parameters
    ----------
    outcomes
        Outcomes to analyse (names of the outcome catalogue the experiment measured).
    threshold
        The level above which a point is a case of interest for scenario discovery (default:
        the 80th percentile of the outcome over the points, stated in the report).
    seed
        Seed of the bootstrap resampling of the intervals.

    Raises
    ------
    ResultError
        If the sweep is incomplete or did not measure an outcome asked for.
    """
    from ..experiments.sweeps import SweepResult

    if not isinstance(sweep, SweepResult):
        sweep = SweepResult.open(sweep)
    m = sweep.manifest
    if not sweep.complete:
        raise ResultError(f"{sweep.directory}: the sweep is not complete; finish it with --resume")
    exp = m["experiment"]
    measured = set(m["outcomes"])
    missing = [o for o in outcomes if o not in measured]
    if missing:
        raise ResultError(
            f"{sweep.directory}: the experiment did not measure {', '.join(missing)}; it "
            f"measured {', '.join(m['outcomes'])}"
        )
    points = sweep.points()
    factors, levers = tuple(m["factors"]), tuple(m["levers"])
    points["policy_label"] = (
        points[list(levers)].astype(str).agg(", ".join, axis=1) if levers else "all points"
    )
    problem = _problem(exp)
    samples = sweep.samples().to_numpy() if factors else None
    sobol_rows, morris_rows, tornado_rows, discovery = [], [], [], {}
    for outcome in outcomes:
        col = outcome_column(outcome)
        for policy, group in points.groupby("policy", sort=True):
            y = group.sort_values("sample")[col].to_numpy()
            label = group["policy_label"].iloc[0]
            if exp["design"] == "sobol" and factors:
                t = sobol_indices(problem, y, second_order=exp["second_order"], seed=seed)
                sobol_rows.append(t.assign(outcome=outcome, policy=policy, policy_label=label))
            if exp["design"] == "morris" and factors:
                t = morris_indices(problem, samples, y, levels=exp["levels"], seed=seed)
                morris_rows.append(t.assign(outcome=outcome, policy=policy, policy_label=label))
        if factors:
            tornado_rows.append(tornado(points, list(factors), col).assign(outcome=outcome))
        level = threshold if threshold is not None else float(points[col].quantile(0.8))
        try:
            discovery[outcome] = discover(
                points[list(factors) + list(levers)], points[col].to_numpy(), level, outcome
            )
        except ResultError as exc:
            discovery[outcome] = str(exc)
    lever_grid = None
    if levers:
        cols = [outcome_column(o) for o in outcomes]
        lever_grid = points.groupby(list(levers), sort=False, observed=True)[cols].mean()
        lever_grid = lever_grid.reset_index()

    def cat(rows):
        return pd.concat(rows, ignore_index=True) if rows else None

    return SweepAnalysis(
        name=m["name"],
        design=exp["design"],
        outcomes=tuple(outcomes),
        factors=factors,
        levers=levers,
        points=points,
        sobol=cat(sobol_rows),
        morris=cat(morris_rows),
        tornado=cat(tornado_rows) if tornado_rows else pd.DataFrame(),
        lever_grid=lever_grid,
        discovery=discovery,
        manifest=m,
    )


def _problem(exp: dict) -> dict:
    """SALib's ``problem`` from the manifest's experiment, as the design was sampled."""
    from ..experiments.design import problem_of
    from ..experiments.spec import Uncertainty

    return problem_of(
        [Uncertainty(**{**u, "paths": tuple(u["paths"])}) for u in exp["uncertainties"]]
    )
