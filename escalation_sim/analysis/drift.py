"""A drift check for CI: did a change to the model move its answers?

``escalation-sim check EXPERIMENT --baseline FILE`` reruns an experiment and compares each
outcome it measures with a recorded baseline by a two-sample test, adjusted for the number of
outcomes - Holm's step-down method by default (family-wise error rate; Holm 1979), or
Benjamini-Hochberg's (false discovery rate; scipy) - and an outcome whose adjusted p-value is
below ``alpha`` has drifted.

**The unit of the test is the replicate, not the run.** Every design point of a sweep runs the
same replicate numbers (common random numbers), so the runs of one replicate across the points
are strongly correlated - a Western decision no factor touches happens at every point or at
none. Treating the points x replicates runs as independent would raise false alarms. Each
replicate therefore contributes one value per outcome: the outcome's mean over the design
points (a share for a probability). The baseline and the rerun give two independent samples of
such values, compared by a permutation test of the difference of their means (scipy's
``permutation_test``, 9,999 resamples with a fixed generator, so that a check of the same code
always gives the same answer and CI is never flaky).

The rerun uses another seed than the baseline (by default the baseline's plus one): the two
samples are independent, so an unchanged model raises an alarm in at most ``alpha`` of checks.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from ..errors import EscalationSimError
from ..experiments.outcomes import OUTCOME_CATALOGUE

CORRECTIONS = ("holm", "bh")
BASELINE_FORMAT = 1
#: Resamples of the permutation tests and the seed of their generator (fixed: same code, same
#: answer).
RESAMPLES, PERMUTATION_SEED = 9_999, 0


class BaselineError(EscalationSimError):
    """A baseline file is missing, unreadable or records another experiment."""


def _clusters(runs: pd.DataFrame, outcomes: tuple[str, ...]) -> dict[str, list[float]]:
    """Per outcome, one value per replicate: its mean over the design points."""
    out = {}
    for name in outcomes:
        o = OUTCOME_CATALOGUE[name]
        if o.kind == "class":
            x = (runs["outcome"] == name).astype(float)
        elif o.kind == "event":
            x = runs[name].notna().astype(float)
        else:
            x = runs[name].astype(float)
        out[name] = x.groupby(runs["replicate"]).mean().sort_index().tolist()
    return out


def record_baseline(exp, seed: int | None = None) -> dict:
    """Run ``exp`` (in memory) and return the baseline to store: counts and means of every
    outcome it measures, with the experiment's identity and the seed."""
    from ..experiments.sweeps import run_in_memory
    from ..results.manifest import versions

    seed = exp.seed if seed is None else seed
    runs = run_in_memory(exp, seed)
    return {
        "format": BASELINE_FORMAT,
        "experiment": exp.name,
        "experiment_key": exp.key,
        "seed": seed,
        "runs": len(runs),
        "replicates": int(runs["replicate"].nunique()),
        "replicate_means": _clusters(runs, exp.outcomes),
        "versions": versions(),
        "platform": platform.platform(),
    }


def read_baseline(path: str | Path) -> dict:
    """A baseline file, checked for its format (errors name the file)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"--baseline {path}: no such file; record one with --update-baseline"
        ) from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"--baseline {path}: not a readable baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise BaselineError(
            f"--baseline {path}: format: expected {BASELINE_FORMAT} (got {data.get('format')!r} )"
            if isinstance(data, dict)
            else f"--baseline {path}: not a baseline object"
        )
    return data


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (Holm 1979, Scand. J. Statist. 6, 65-70)."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def adjust(p: np.ndarray, correction: str) -> np.ndarray:
    if correction == "holm":
        return holm(p)
    if correction == "bh":
        from scipy.stats import false_discovery_control

        return false_discovery_control(np.asarray(p, dtype=float), method="bh")
    raise EscalationSimError(f"--correction: {correction!r}; choose {', '.join(CORRECTIONS)}")


@dataclass
class DriftReport:
    """The outcome of a check: one row per outcome, and whether anything drifted."""

    experiment: str
    seed: int
    baseline_seed: int
    alpha: float
    correction: str
    table: pd.DataFrame

    @property
    def drifted(self) -> bool:
        return bool(self.table["drift"].any())

    def markdown(self) -> str:
        """A summary fit for a CI job summary."""
        status = "drift detected" if self.drifted else "no drift"
        corr = "Holm" if self.correction == "holm" else "Benjamini-Hochberg"
        lines = [
            f"## escalation-sim check: {self.experiment} - {status}",
            "",
            f"Rerun with seed {self.seed} against the baseline's seed {self.baseline_seed}; "
            "per replicate, each outcome's mean over the design points; permutation tests of "
            f"the difference of means, {corr}-adjusted, alpha = {self.alpha}.",
            "",
            "| outcome | baseline | now | difference | p | adjusted p | drift |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in self.table.itertuples():
            fmt = "{:.2%}" if r.kind == "probability" else "{:.4g}"
            diff = (
                f"{100 * r.difference:+.2f} pp"
                if r.kind == "probability"
                else f"{r.difference:+.4g}"
            )
            lines.append(
                f"| {r.outcome} | {fmt.format(r.baseline)} | {fmt.format(r.now)} | {diff} | "
                f"{r.p_value:.3g} | {r.adjusted:.3g} | {'**yes**' if r.drift else 'no'} |"
            )
        return "\n".join(lines) + "\n"

    def junit(self) -> str:
        """A JUnit XML report: one test case per outcome, failed where it drifted."""
        cases = []
        for r in self.table.itertuples():
            name = quoteattr(r.outcome)
            body = ""
            if r.drift:
                msg = (
                    f"{r.outcome} moved from {r.baseline:.4g} to {r.now:.4g} "
                    f"(adjusted p = {r.adjusted:.3g} < {self.alpha})"
                )
                body = f"<failure message={quoteattr(msg)}>{escape(msg)}</failure>"
            cases.append(
                f'  <testcase classname="escalation_sim.check.{self.experiment}" '
                f"name={name}>{body}</testcase>"
            )
        fails = int(self.table["drift"].sum())
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<testsuite name="escalation-sim check {escape(self.experiment)}" '
            f'tests="{len(cases)}" failures="{fails}" errors="0">\n'
            + "\n".join(cases)
            + "\n</testsuite>\n"
        )


def check_drift(
    exp,
    baseline: dict,
    *,
    seed: int | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
    source: str = "--baseline",
) -> DriftReport:
    """Rerun ``exp`` and test every outcome against ``baseline`` (see the module).

    Raises
    ------
    BaselineError
        If the baseline records another experiment (name or design), or the same seed.
    """
    from scipy.stats import permutation_test

    from ..experiments.sweeps import run_in_memory

    if baseline.get("experiment") != exp.name or baseline.get("experiment_key") != exp.key:
        raise BaselineError(
            f"{source}: experiment: records {baseline.get('experiment')!r} with another design "
            f"than {exp.name!r} has now (factors, design, replicates or outcomes changed); "
            "record a new baseline with --update-baseline"
        )
    if not 0 < alpha < 1:
        raise EscalationSimError(f"--alpha: must lie strictly between 0 and 1 (got {alpha})")
    base_seed = int(baseline["seed"])
    seed = base_seed + 1 if seed is None else seed
    if seed == base_seed:
        raise BaselineError(
            f"--seed {seed}: the baseline was recorded with this seed; a check needs an "
            "independent rerun (another seed)"
        )
    now = _clusters(run_in_memory(exp, seed), exp.outcomes)
    rows = []
    rng = np.random.default_rng(PERMUTATION_SEED)
    for name, x1 in now.items():
        if name not in baseline["replicate_means"]:
            raise BaselineError(f"{source}: replicate_means: no values for {name!r}; record anew")
        x0 = np.asarray(baseline["replicate_means"][name], dtype=float)
        x1 = np.asarray(x1, dtype=float)
        kind = "mean" if OUTCOME_CATALOGUE[name].kind == "mean" else "probability"
        if np.ptp(np.concatenate([x0, x1])) == 0:
            p = 1.0  # every replicate alike in both: nothing moved
        else:
            p = permutation_test(
                (x0, x1),
                lambda a, b, axis: np.mean(b, axis=axis) - np.mean(a, axis=axis),
                permutation_type="independent",
                vectorized=True,
                n_resamples=RESAMPLES,
                rng=rng,
            ).pvalue
        rows.append((kind, name, float(x0.mean()), float(x1.mean()), float(p)))
    table = pd.DataFrame(rows, columns=["kind", "outcome", "baseline", "now", "p_value"])
    table["p_value"] = table["p_value"].fillna(1.0)
    table["difference"] = table["now"] - table["baseline"]
    table["adjusted"] = adjust(table["p_value"].to_numpy(), correction)
    table["drift"] = table["adjusted"] < alpha
    return DriftReport(exp.name, seed, base_seed, alpha, correction, table)
