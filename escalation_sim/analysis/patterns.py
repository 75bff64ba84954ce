"""The record the model is calibrated on: stylised facts of February 2022 to May 2024 as
patterns an ensemble of the ``record_2022_2024`` scenario must reproduce, and the grid search
that set the calibrated defaults (pattern-oriented modelling, Grimm et al. 2005).

The scenario replays the Western decisions of that period as scheduled events; the patterns
say what happened around them. A pattern is a statistic of the ensemble's outcomes with the
range it must fall in; the ranges are tolerances, stated with each pattern: an event that did not
happen in the record must be unlikely in the model (not impossible: the record is one draw), a
behaviour that recurred must recur. Events after May 2024 are never used here; they are kept
for validation.

Run ``python -m escalation_sim.analysis.patterns`` to repeat the calibration grid and print
each candidate's pattern statistics.

References
----------
Grimm, V., Revilla, E., Berger, U., et al. (2005). Pattern-oriented modeling of agent-based
complex systems: lessons from ecology. *Science* 310, 987-991.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .stats import Z95, wilson

#: The calibration scenario (``scenarios/record_2022_2024.toml``).
SCENARIO = "record_2022_2024"
#: Week of the first limited permission in the record (the UK, 3 May 2024).
FIRST_LIMITED_WEEK = 115


def _share(column: str) -> Callable[[pd.DataFrame], tuple[float, float, float]]:
    """Share of runs in which the event happened, with its 95% Wilson interval."""

    def stat(o: pd.DataFrame) -> tuple[float, float, float]:
        k = int(o[column].notna().sum())
        return (k / len(o), *wilson(k, len(o)))

    return stat


def _early_limited(o: pd.DataFrame) -> tuple[float, float, float]:
    weeks = o["first_limited_week"].to_numpy(dtype=float, na_value=np.inf)
    k = int((weeks < FIRST_LIMITED_WEEK).sum())
    return (k / len(o), *wilson(k, len(o)))


def _kept(o: pd.DataFrame) -> tuple[float, float, float]:
    issued, kept = int(o["threats_issued"].sum()), int(o["threats_kept"].sum())
    if not issued:
        return (0.0, 0.0, 1.0)
    return (kept / issued, *wilson(kept, issued))


def _mean_threats(o: pd.DataFrame) -> tuple[float, float, float]:
    v = o["threats_issued"].to_numpy(dtype=float)
    half = Z95 * v.std(ddof=1) / np.sqrt(v.size) if v.size > 1 else np.inf
    return (float(v.mean()), float(v.mean() - half), float(v.mean() + half))


@dataclass(frozen=True)
class Pattern:
    """A stylised fact of the record as a statistic of the outcomes and its tolerated range.

    ``value(outcomes)`` gives the statistic with its 95% interval. The pattern *holds* where the
    statistic lies in ``[low, high]``; the calibration accepts only parameters for which it
    holds *confidently* - the whole interval inside the range - so that a test at another seed
    checks the defaults, not the calibration's draw.
    """

    key: str
    fact: str
    statistic: str
    low: float
    high: float
    value: Callable[[pd.DataFrame], tuple[float, float, float]]

    def check(self, outcomes: pd.DataFrame) -> tuple[float, bool]:
        """The statistic and whether it lies in the range."""
        v, _, _ = self.value(outcomes)
        return v, self.low <= v <= self.high

    def confidently(self, outcomes: pd.DataFrame) -> bool:
        """Whether the statistic's 95% interval lies inside the range."""
        _, lo, hi = self.value(outcomes)
        return self.low <= lo and hi <= self.high


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "repeated_threats",
        "Russia answered Western steps with warnings again and again (HIMARS, tanks, Storm "
        "Shadow, ATACMS, F-16s: at least five public warnings of consequences)",
        "mean threats issued per run",
        3.0,
        12.0,
        _mean_threats,
    ),
    Pattern(
        "threats_mostly_empty",
        "the threats were mostly not carried out",
        "share of threats kept (carried out within their window)",
        0.0,
        0.2,
        _kept,
    ),
    Pattern(
        "no_transfer",
        "no Russian long-range transfer to the West's adversaries",
        "P(a long-range transfer)",
        0.0,
        0.1,
        _share("first_transfer_week"),
    ),
    Pattern(
        "no_direct_confrontation",
        "no direct Russia-NATO clash",
        "P(direct confrontation)",
        0.0,
        0.1,
        _share("direct_confrontation_week"),
    ),
    Pattern(
        "no_ceasefire",
        "no ceasefire (the spring 2022 talks failed)",
        "P(a ceasefire at any week)",
        0.0,
        0.15,
        _share("ceasefire_week"),
    ),
    Pattern(
        "no_deep_permission",
        "no Western state allowed deep strikes into Russia with its weapons",
        "P(a deep-strike permission)",
        0.0,
        0.15,
        _share("first_permission_week"),
    ),
    Pattern(
        "late_limited_permission",
        "no state allowed strikes inside Russia before May 2024 (the UK first, week 115)",
        f"P(a limited permission before week {FIRST_LIMITED_WEEK})",
        0.0,
        0.2,
        _early_limited,
    ),
    Pattern(
        "no_trainers",
        "no Western trainers deployed inside Ukraine (France discussed it from February 2024)",
        "P(trainers deployed)",
        0.0,
        0.15,
        _share("first_trainers_week"),
    ),
)


def evaluate(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each pattern's statistic on ``outcomes`` (a ``record_2022_2024`` ensemble) with its 95%
    interval, its range, whether it holds and whether it holds confidently (the interval inside
    the range)."""
    rows = []
    for p in PATTERNS:
        v, lo, hi = p.value(outcomes)
        rows.append(
            {
                "pattern": p.key,
                "statistic": p.statistic,
                "value": v,
                "ci_low": lo,
                "ci_high": hi,
                "low": p.low,
                "high": p.high,
                "holds": p.low <= v <= p.high,
                "confidently": p.low <= lo and hi <= p.high,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Knob:
    """A calibrated default: the parameters it sets (one per named actor, or one) and the
    multipliers of the prior value tried."""

    name: str
    paths: tuple[str, ...]
    prior: tuple[float, ...]
    factors: tuple[float, ...]

    def overrides(self, factor: float) -> list[str]:
        return [f"{p}={v * factor!r}" for p, v in zip(self.paths, self.prior, strict=True)]


#: The defaults the calibration set, with the prior values they had before (the assumptions of
#: model v2 part 1) and the multipliers searched. A combination is accepted where every pattern
#: holds confidently; the chosen one is the accepted combination closest to the priors (least
#: change from the prior assumptions), by the sum of |log(multiplier)|.
KNOBS: tuple[Knob, ...] = (
    Knob(
        "deep permission",
        tuple(f"west.{s}.permission_rate" for s in ("US", "UK", "France", "Germany")),
        (0.002, 0.003, 0.002, 0.0005),
        (1.0, 0.3, 0.1, 0.05),
    ),
    Knob(
        "limited permission",
        tuple(f"west.{s}.limited_permission_rate" for s in ("US", "UK", "France", "Germany")),
        (0.005, 0.005, 0.005, 0.005),
        (1.0, 0.1, 0.03, 0.02, 0.01),
    ),
    Knob("French trainers", ("west.France.trainer_deploy_rate",), (0.002,), (1.0, 0.5, 0.25)),
    Knob("mediation success", ("mediation.success_rate",), (0.03,), (1.0, 0.5, 1 / 3, 0.25)),
)


def grid(
    replicates: int = 600, seed: int = 7, knobs: Sequence[Knob] = KNOBS, quiet: bool = False
) -> pd.DataFrame:
    """Every combination of the knobs' multipliers, run on the calibration scenario with common
    random numbers: the pattern statistics, whether all hold, and the distance from the prior."""
    from ..engine.ensemble import simulate
    from ..scenarios.loader import load_scenario

    rows = []
    for factors in itertools.product(*(k.factors for k in knobs)):
        overrides = [o for k, f in zip(knobs, factors, strict=True) for o in k.overrides(f)]
        result = simulate(
            load_scenario(SCENARIO, overrides),
            replicates,
            seed,
            events=False,
            trajectories=False,
        )
        table = evaluate(result.outcomes)
        row = {k.name: f for k, f in zip(knobs, factors, strict=True)}
        row.update(dict(zip(table["pattern"], table["value"], strict=True)))
        row["all_hold"] = bool(table["confidently"].all())
        row["distance"] = sum(abs(math.log(f)) for f in factors)
        rows.append(row)
        if not quiet:
            print(row, flush=True)
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the calibration grid and print the accepted combination closest to the prior."""
    args = sys.argv[1:] if argv is None else list(argv)
    replicates = int(args[0]) if args else 600
    table = grid(replicates)
    accepted = table[table["all_hold"]].sort_values("distance")
    print()
    print(f"{len(accepted)} of {len(table)} combinations reproduce every pattern confidently")
    if not accepted.empty:
        print("closest to the prior:")
        print(accepted.head(5).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
