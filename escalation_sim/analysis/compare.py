"""Comparing scenarios under common random numbers.

Run every scenario with the same seed and replicate indices: replicate *k* then sees the same
draws in each, so differences come from the assumptions, not from noise. Differences of
probabilities get Newcombe's paired interval
(:func:`~escalation_sim.analysis.stats.paired_difference`); a difference is flagged significant
when its 95% interval excludes zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..engine.outcomes import KEY_EVENTS, OUTCOMES
from ..errors import EscalationSimError
from .stats import paired_difference, wilson

if TYPE_CHECKING:  # pragma: no cover
    from ..results import EnsembleResult


def _indicators(result: EnsembleResult) -> dict[str, np.ndarray]:
    out = result.outcomes.sort_values("replicate")
    six = result.six_months
    ind = {f"outcome: {c}": (out["outcome"] == c).to_numpy() for c in OUTCOMES}
    for col, label in KEY_EVENTS.items():
        ind[f"event: {label}"] = out[col].notna().to_numpy()
    weeks = out["first_transfer_week"].to_numpy(dtype=float, na_value=np.nan)
    ind[f"event: first long-range transfer within {six} weeks"] = weeks <= six
    return ind


def compare(results: list[EnsembleResult]) -> pd.DataFrame:
    """Paired comparison of each result against the first (the reference).

    Returns one row per (measure, scenario) with the reference probability, the scenario's
    probability (95% Wilson intervals), their difference with Newcombe's 95% paired interval and
    a ``significant`` flag.

    Raises
    ------
    EscalationSimError
        If the results do not share seed and replicate indices (no common random numbers).
    """
    if len(results) < 2:
        raise EscalationSimError("compare needs at least two results")
    ref = results[0]
    ref_ids = np.sort(ref.outcomes["replicate"].to_numpy())
    for r in results[1:]:
        if r.seed != ref.seed or not np.array_equal(
            np.sort(r.outcomes["replicate"].to_numpy()), ref_ids
        ):
            raise EscalationSimError(
                f"{r.scenario.name}: compare needs the same seed and replicates as "
                f"{ref.scenario.name} (common random numbers)"
            )
    ref_ind = _indicators(ref)
    n = len(ref_ids)
    rows = []
    for r in results[1:]:
        ind = _indicators(r)
        for measure, a in ref_ind.items():
            b = ind[measure]
            d, lo, hi = paired_difference(b, a)
            rl, rh = wilson(int(a.sum()), n)
            sl, sh = wilson(int(b.sum()), n)
            rows.append(
                {
                    "measure": measure,
                    "reference": ref.scenario.name,
                    "scenario": r.scenario.name,
                    "p_reference": a.mean(),
                    "ref_ci_low": rl,
                    "ref_ci_high": rh,
                    "p": b.mean(),
                    "ci_low": sl,
                    "ci_high": sh,
                    "difference": d,
                    "diff_ci_low": lo,
                    "diff_ci_high": hi,
                    "significant": bool(lo > 0 or hi < 0),
                }
            )
    return pd.DataFrame(rows)
