"""The result of an ensemble as plain data: the run's identity, its tables and distributions.

An :class:`EnsembleResult` is what :func:`~escalation_sim.engine.ensemble.simulate` returns and
what :func:`~escalation_sim.results.store.load_result` reads back from disk: the resolved
scenario, the seed and replicates that fix every number, one row per replicate (outcomes), and
optionally one row per (replicate, week) and per rule firing. Its methods read summaries off the
tables; they never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analysis.summary import Summary, summarize
from ..analysis.tables import event_table, outcome_table, transfer_regions
from ..engine.recording import DistributionRecorder
from ..scenarios.loader import Scenario

#: The per-replicate tables a result may hold, in the order they are written; ``outcomes`` is
#: always there, the other two only when the ensemble kept them.
TABLES = ("outcomes", "events", "trajectories")


@dataclass
class EnsembleResult:
    """Tidy results of an ensemble.

    Attributes
    ----------
    scenario
        The resolved scenario that was run.
    seed, replicates
        Root seed and number of replicates: with the scenario, they fix every number.
    outcomes
        One row per replicate: outcome class, its week (and region), key-event weeks.
    distributions
        Per-week histograms of every series (quantiles, ladder occupancy).
    trajectories
        One row per (replicate, week) with ladder levels and key state, or ``None`` when the
        ensemble ran with ``trajectories=False`` (distributions are kept either way).
    events
        One row per rule firing, or ``None`` when run with ``events=False``.
    first_replicate
        Global index of the first replicate (replicates are ``first_replicate`` onwards).
    chunk_size
        Replicates stepped together when it ran (``None`` for a loaded result: it changes no
        number, so the manifest does not keep it).
    manifest
        For a loaded result, its ``manifest.json`` as saved; ``None`` for a fresh one.
    directory
        For a loaded result, the directory it was read from.
    """

    scenario: Scenario
    seed: int
    replicates: int
    outcomes: pd.DataFrame
    distributions: DistributionRecorder
    trajectories: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    first_replicate: int = 0
    chunk_size: int | None = None
    manifest: dict | None = None
    directory: Path | None = None

    @property
    def weeks(self) -> int:
        """The horizon, in weeks."""
        return self.scenario.params.horizon_weeks

    @property
    def six_months(self) -> int:
        """The week "within six months" probabilities are read at (never after the horizon)."""
        return min(self.scenario.params.outcomes.six_months_weeks, self.weeks)

    @property
    def tables(self) -> tuple[str, ...]:
        """Names of the per-replicate tables this result holds (see :data:`TABLES`)."""
        return tuple(t for t in TABLES if getattr(self, t) is not None)

    def outcome_probabilities(self) -> pd.DataFrame:
        """Outcome classes with probabilities and 95% Wilson intervals."""
        return outcome_table(self.outcomes)

    def event_probabilities(self) -> pd.DataFrame:
        """Key events: probability by the horizon and within six months, and timing."""
        return event_table(self.outcomes, self.six_months)

    def transfer_regions(self) -> pd.DataFrame:
        """Where the first long-range transfer went, among replicates with one."""
        return transfer_regions(self.outcomes)

    def quantiles(self) -> pd.DataFrame:
        """Per-week quantiles (q05, q25, q50, q75, q95) and mean of every series."""
        return self.distributions.quantiles()

    def occupancy(self) -> pd.DataFrame:
        """Share of replicates at each ladder level, per theatre and week."""
        return self.distributions.occupancy()

    def summary(self) -> Summary:
        """The typed summary; ``summary().to_dict()`` is what ``summary.json`` holds."""
        return summarize(self)

    def replicate_events(self, replicate: int) -> pd.DataFrame:
        """The event log of one replicate, in causal (week, phase) order.

        Raises
        ------
        ValueError
            If the ensemble ran without an event log.
        """
        if self.events is None:
            raise ValueError("this ensemble ran without an event log (events=False)")
        return self.events[self.events["replicate"] == replicate].reset_index(drop=True)
