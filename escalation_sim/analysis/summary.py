"""The summary of an ensemble as typed rows: what ``summary.json`` holds and what people read.

A :class:`Summary` answers the scenario's question: the share of replicates ending in each
outcome class, the probability of each key event by the horizon and within six months with the
weeks it happened in, where the first long-range transfer went, and the escalation score per
replicate. Every share carries its 95% Wilson interval over replicates, as a :class:`Proportion`.

The rows are read from the tidy tables of :mod:`escalation_sim.analysis.tables`, so the numbers
are the same floats as theirs; a missing number (an interval over no replicates, the week of an
event that never happened) is ``None``, as in JSON. :meth:`Summary.to_dict` is the exact content
of ``summary.json``: its keys, their order and their values are part of the result format.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..engine.outcomes import path_labels
from .tables import event_table, outcome_table, transfer_regions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..results.result import EnsembleResult

#: What every summary says about its own numbers.
NOTE = (
    "scenario-conditional estimates; intervals are 95% Wilson score intervals "
    "over replicates and do not include model or parameter uncertainty"
)


def _number(value: Any) -> float | None:
    """A plain float, or ``None`` for a missing value (NaN), as JSON will hold it."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class Proportion:
    """A share of replicates and its 95% Wilson interval (``None`` over no replicates)."""

    p: float | None
    ci_low: float | None
    ci_high: float | None

    @classmethod
    def of(cls, row: dict, p: str = "p", low: str = "ci_low", high: str = "ci_high") -> Proportion:
        """Read from a table row whose columns are named ``p``, ``low`` and ``high``."""
        return cls(_number(row[p]), _number(row[low]), _number(row[high]))


@dataclass(frozen=True)
class OutcomeShare:
    """One outcome class at the horizon, or one part of it: a region of the regional-war class
    or a path of the direct-confrontation class.

    Attributes
    ----------
    outcome
        The class (one of :data:`~escalation_sim.engine.outcomes.OUTCOMES`).
    region
        For a regional-war part, the recipient region where the regional war with
        Russian-supplied weapons broke out first; otherwise ``None``.
    count
        Replicates in the class (or in its part).
    share
        Their share of all replicates, with its interval.
    path
        For a direct-confrontation part, the id of the rule whose act first took the
        Russia-NATO ladder to direct confrontation (``"russia.strike_trainers"``); otherwise
        ``None``. :attr:`path_label` is its plain name.
    """

    outcome: str
    region: str | None
    count: int
    share: Proportion
    path: str | None = None

    @property
    def part(self) -> str | None:
        """The region or path of a breakdown row, ``None`` for a class."""
        return self.region if self.region is not None else self.path

    @property
    def path_label(self) -> str | None:
        """The plain name of the path (``"strike on Western trainers"``), if a path row."""
        return None if self.path is None else path_labels().get(self.path, self.path)

    @property
    def key(self) -> str:
        """The row's name in tables and files: ``"regional_war: middle_east"`` for a region,
        ``"direct_confrontation: russia.strike_trainers"`` for a path."""
        return self.outcome if self.part is None else f"{self.outcome}: {self.part}"

    def to_dict(self) -> dict:
        s = self.share
        return {
            "outcome": self.outcome,
            "region": self.region,
            "path": self.path,
            "count": self.count,
            "p": s.p,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
        }


@dataclass(frozen=True)
class Timing:
    """Quartiles of the week of an event, among the replicates where it happened.

    All ``None`` when it happened in no replicate.
    """

    q25: float | None
    median: float | None
    q75: float | None


@dataclass(frozen=True)
class KeyEventSummary:
    """How likely a key event is and when it happens.

    Attributes
    ----------
    event
        Plain-language name (``"first long-range transfer"``).
    column
        Its week's column in the outcomes table (``"first_transfer_week"``).
    by_horizon, within_six_months
        Share of replicates in which it happened by the horizon, and by the six-month week.
    timing
        When it happened, where it did.
    """

    event: str
    column: str
    by_horizon: Proportion
    within_six_months: Proportion
    timing: Timing

    def to_dict(self) -> dict:
        h, six, t = self.by_horizon, self.within_six_months, self.timing
        return {
            "event": self.event,
            "p": h.p,
            "ci_low": h.ci_low,
            "ci_high": h.ci_high,
            "p_6m": six.p,
            "ci6_low": six.ci_low,
            "ci6_high": six.ci_high,
            "week_q25": t.q25,
            "week_median": t.median,
            "week_q75": t.q75,
        }


@dataclass(frozen=True)
class RegionShare:
    """Where the first long-range transfer went: a region's share of the replicates with one."""

    region: str
    count: int
    share: Proportion

    def to_dict(self) -> dict:
        s = self.share
        return {
            "region": self.region,
            "count": self.count,
            "share": s.p,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
        }


@dataclass(frozen=True)
class ScoreSummary:
    """The escalation score per replicate: the sum of the Rivera et al. (2024) scores of every
    act (de-escalation -2 ... violent escalation 28); its mean, median and central 90%."""

    mean: float
    q05: float
    median: float
    q95: float

    @classmethod
    def of(cls, outcomes: pd.DataFrame) -> ScoreSummary:
        v = outcomes["escalation_score"].to_numpy(dtype=float)
        q05, q50, q95 = np.quantile(v, [0.05, 0.5, 0.95])
        return cls(float(v.mean()), float(q05), float(q50), float(q95))

    def to_dict(self) -> dict:
        return {"mean": self.mean, "q05": self.q05, "median": self.median, "q95": self.q95}


@dataclass(frozen=True)
class Summary:
    """What an ensemble says, with the run that says it (see the module docstring)."""

    scenario: str
    question: str
    scenario_hash: str
    seed: int
    replicates: int
    horizon_weeks: int
    six_months_weeks: int
    outcomes: tuple[OutcomeShare, ...]
    events: tuple[KeyEventSummary, ...]
    first_transfer_regions: tuple[RegionShare, ...]
    escalation_score: ScoreSummary
    note: str = NOTE

    def to_dict(self) -> dict:
        """The content of ``summary.json`` (keys in their published order)."""
        return {
            "scenario": self.scenario,
            "question": self.question,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "replicates": self.replicates,
            "horizon_weeks": self.horizon_weeks,
            "six_months_weeks": self.six_months_weeks,
            "outcomes": [o.to_dict() for o in self.outcomes],
            "events": [e.to_dict() for e in self.events],
            "first_transfer_regions": [r.to_dict() for r in self.first_transfer_regions],
            "escalation_score": self.escalation_score.to_dict(),
            "note": self.note,
        }

    def to_json(self) -> str:
        """``summary.json``'s text (without the final newline)."""
        return json.dumps(self.to_dict(), indent=2)


def summarize(result: EnsembleResult) -> Summary:
    """The :class:`Summary` of ``result``."""
    outcomes = []
    for row in outcome_table(result.outcomes).to_dict(orient="records"):
        region = None if pd.isna(row["region"]) else row["region"]
        path = None if pd.isna(row["path"]) else row["path"]
        share = Proportion.of(row)
        outcomes.append(OutcomeShare(row["outcome"], region, int(row["count"]), share, path))
    events = tuple(
        KeyEventSummary(
            row["event"],
            row["column"],
            Proportion.of(row),
            Proportion.of(row, "p_6m", "ci6_low", "ci6_high"),
            Timing(_number(row["week_q25"]), _number(row["week_median"]), _number(row["week_q75"])),
        )
        for row in event_table(result.outcomes, result.six_months).to_dict(orient="records")
    )
    regions = tuple(
        RegionShare(row["region"], int(row["count"]), Proportion.of(row, p="share"))
        for row in transfer_regions(result.outcomes).to_dict(orient="records")
    )
    sc = result.scenario
    return Summary(
        scenario=sc.name,
        question=sc.question,
        scenario_hash=sc.hash,
        seed=result.seed,
        replicates=result.replicates,
        horizon_weeks=result.weeks,
        six_months_weeks=result.six_months,
        outcomes=tuple(outcomes),
        events=events,
        first_transfer_regions=regions,
        escalation_score=ScoreSummary.of(result.outcomes),
    )
