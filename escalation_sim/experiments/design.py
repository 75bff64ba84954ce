"""Designs: which design points a sweep runs.

The sampled factors (uncertainties, and levers given as a range) are laid out by SALib -
Latin hypercube (``SALib.sample.latin``), Sobol/Saltelli (``SALib.sample.sobol``, the sample
Sobol indices need) or Morris trajectories (``SALib.sample.morris``) - or, for a full factorial,
as the Cartesian product of each factor's levels (SALib's own ``ff`` is a two-level fractional
design, not a full factorial). Levers given as values or options are crossed with that layout,
as the EMA Workbench crosses scenarios with policies: every policy meets every sample, so
differences between policies are not differences of samples.

A design depends only on the experiment (factors, kind, size, seed); its matrix is stored with
a sweep's results, so a point's number always means the same parameter values.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .spec import Experiment

#: SALib's samplers seed numpy's legacy generator, which takes 32 bits.
DESIGN_SEED_BITS = 32


@dataclass(frozen=True)
class Design:
    """The design matrix of an experiment.

    Attributes
    ----------
    frame
        One row per design point: ``point`` (0, 1, ...), ``policy`` (index of the lever
        combination), ``sample`` (index of the sampled factors' row), then one column per
        sampled factor (its value, whole numbers for integer parameters) and one per crossed
        lever (its value for a lever given as values, else the option's name).
    samples
        The sampled factors' matrix as SALib made it (before rounding integer parameters);
        the analyzers of Sobol and Morris indices read it, one policy at a time.
    factors, levers
        Column names of the sampled factors and the crossed levers.
    """

    frame: pd.DataFrame
    samples: np.ndarray
    factors: tuple[str, ...]
    levers: tuple[str, ...]

    @property
    def points(self) -> int:
        return len(self.frame)

    def problem(self, exp: Experiment) -> dict:
        """SALib's ``problem`` dict of the sampled factors."""
        return salib_problem(exp)


def salib_problem(exp: Experiment) -> dict:
    """SALib's ``problem`` of the experiment's sampled factors."""
    return problem_of(exp.uncertainties)


def problem_of(factors) -> dict:
    """SALib's ``problem`` (names, bounds, distributions) of sampled factors."""
    if not factors:
        return {"num_vars": 0, "names": [], "bounds": []}
    bounds, dists = zip(*(u.salib_bounds() for u in factors), strict=True)
    return {
        "num_vars": len(factors),
        "names": [u.name for u in factors],
        "bounds": [list(b) for b in bounds],
        "dists": list(dists),
    }


def design_seed(exp: Experiment) -> int:
    """The 32-bit seed SALib's samplers take, hashed from the experiment's seed (so that seeds
    differing in any bit give different designs)."""
    digest = hashlib.sha256(f"escalation-sim design {exp.seed}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def expected_points(exp: Experiment) -> int:
    """The number of design points ``make_design`` will produce, without sampling."""
    k = len(exp.uncertainties)
    policies = int(np.prod([len(lv.options) for lv in exp.levers])) if exp.levers else 1
    if not exp.uncertainties:
        samples = 1
    elif exp.design == "sobol":
        samples = exp.samples * (2 * k + 2 if exp.second_order else k + 2)
    elif exp.design == "morris":
        samples = exp.samples * (k + 1)
    elif exp.design == "factorial":
        samples = int(np.prod([len(u.level_values(exp.levels)) for u in exp.uncertainties]))
    else:
        samples = exp.samples
    return policies * samples


def make_design(exp: Experiment) -> Design:
    """The design of ``exp``: SALib's sample of its factors crossed with its levers' options."""
    factors = tuple(u.name for u in exp.uncertainties)
    seed = design_seed(exp)
    if not exp.uncertainties:
        x = np.zeros((1, 0))
    elif exp.design == "factorial":
        grid = list(itertools.product(*(u.level_values(exp.levels) for u in exp.uncertainties)))
        x = np.array(grid, dtype=float)
    else:
        from SALib.sample import latin, morris, sobol

        problem = salib_problem(exp)
        if exp.design == "sobol":
            x = sobol.sample(
                problem, exp.samples, calc_second_order=exp.second_order, scramble=True, seed=seed
            )
        elif exp.design == "morris":
            x = morris.sample(problem, exp.samples, num_levels=exp.levels, seed=seed)
        else:
            x = latin.sample(problem, exp.samples, seed=seed)
    levers = tuple(lv.name for lv in exp.levers)
    policies = list(itertools.product(*(lv.options for lv in exp.levers)))
    rows = []
    for p, policy in enumerate(policies):
        for s in range(len(x)):
            row = {"policy": p, "sample": s}
            for u, v in zip(exp.uncertainties, x[s], strict=True):
                row[u.name] = u.cast(v)
            for lv, option in zip(exp.levers, policy, strict=True):
                row[lv.name] = option.value if lv.numeric else option.name
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["policy", "sample", *factors, *levers])
    frame.insert(0, "point", np.arange(len(frame), dtype=np.int64))
    for lv in exp.levers:
        if not lv.numeric:
            frame[lv.name] = frame[lv.name].astype("string")
    return Design(frame=frame, samples=x, factors=factors, levers=levers)


def describe(exp: Experiment) -> list[tuple[str, str]]:
    """The design in words, for ``--dry-run``: (what, value) rows."""
    k = len(exp.uncertainties)
    policies = int(np.prod([len(lv.options) for lv in exp.levers])) if exp.levers else 1
    points = expected_points(exp)
    kind = {
        "sobol": f"Sobol/Saltelli, N={exp.samples}, "
        f"{'with' if exp.second_order else 'without'} second order",
        "morris": f"Morris, {exp.samples} trajectories on {exp.levels} levels",
        "lhs": f"Latin hypercube, {exp.samples} samples",
        "factorial": "full factorial",
    }[exp.design]
    return [
        ("design", kind),
        ("sampled factors", str(k)),
        ("policies (lever combinations)", str(policies)),
        ("design points", f"{points:,}"),
        ("replicates per point", f"{exp.replicates:,}"),
        ("runs", f"{points * exp.replicates:,}"),
    ]
