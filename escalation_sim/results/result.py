"""The result of an ensemble as plain data: the run's identity, its tables and distributions.

An :class:`EnsembleResult` is what :func:`~escalation_sim.engine.ensemble.simulate` returns and
what :func:`~escalation_sim.results.store.load_result` reads back from disk: the resolved
scenario, the seed and replicates that fix every number, one row per replicate (outcomes), and
optionally one row per (replicate, week) and per rule firing. Its methods read summaries off the
tables; they never change them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import formatting as fmt
from ..analysis.summary import Summary, summarize
from ..analysis.tables import event_table, outcome_table, transfer_regions
from ..engine.recording import DistributionRecorder
from ..scenarios.loader import Scenario
from .stored import StoredTable

#: The per-replicate tables a result may hold, in the order they are written; ``outcomes`` is
#: always there, the other two only when the ensemble kept them.
TABLES = ("outcomes", "events", "trajectories")


Table = pd.DataFrame | StoredTable


class EnsembleResult:
    """Tidy results of an ensemble.

    The per-replicate tables may live in memory (a data frame) or in a Parquet file that is read
    only when asked (:class:`~escalation_sim.results.stored.StoredTable`, as an ensemble streamed
    to disk or a loaded result has them); either way :attr:`outcomes`, :attr:`events` and
    :attr:`trajectories` are data frames. For large stored ensembles prefer the narrow readers
    (:meth:`replicate_events`, :meth:`sample_trajectories`, :meth:`event_counts`), which never
    hold a whole table in memory.

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

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        replicates: int,
        outcomes: Table,
        distributions: DistributionRecorder,
        trajectories: Table | None = None,
        events: Table | None = None,
        first_replicate: int = 0,
        chunk_size: int | None = None,
        manifest: dict | None = None,
        directory: Path | None = None,
        fired: pd.DataFrame | None = None,
    ) -> None:
        self.scenario, self.seed, self.replicates = scenario, seed, replicates
        #: firings per (rule, actor, target) over the ensemble, counted chunk by chunk while it
        #: ran (``event_counts.parquet``); ``None`` where not recorded (then counted on demand)
        self.fired = fired
        self.distributions = distributions
        self.outcomes_table: Table = outcomes
        self.trajectories_table: Table | None = trajectories
        self.events_table: Table | None = events
        self.first_replicate, self.chunk_size = first_replicate, chunk_size
        self.manifest, self.directory = manifest, directory

    def replace(self, **changes) -> EnsembleResult:
        """A copy with some constructor arguments changed (e.g. ``events=`` a filtered log)."""
        args = {
            "scenario": self.scenario,
            "seed": self.seed,
            "replicates": self.replicates,
            "outcomes": self.outcomes_table,
            "distributions": self.distributions,
            "trajectories": self.trajectories_table,
            "events": self.events_table,
            "first_replicate": self.first_replicate,
            "chunk_size": self.chunk_size,
            "manifest": self.manifest,
            "directory": self.directory,
        }
        unknown = sorted(set(changes) - set(args) - {"fired"})
        if unknown:
            raise TypeError(f"replace() got unknown argument(s): {', '.join(unknown)}")
        # the recorded firings hold only for the log they were counted from
        fired = changes.pop("fired", None if "events" in changes else self.fired)
        return EnsembleResult(**{**args, **changes}, fired=fired)

    def __repr__(self) -> str:
        kept = ", ".join(self.tables)
        return (
            f"<EnsembleResult {self.scenario.name}: {self.replicates:,} replicates, "
            f"seed {self.seed}, {self.weeks} weeks; tables: {kept}>"
        )

    def _repr_html_(self) -> str:
        """In Jupyter: the outcome probabilities with their intervals, the key events, and the
        outcome chart."""
        import base64
        import html

        from ..plots import outcome_bars

        s = self.summary()
        rows = "".join(
            f"<tr><td>{html.escape(o.outcome.replace('_', ' '))}</td>"
            f"<td style='text-align:right'>{o.count:,}</td>"
            f"<td style='text-align:right'>{fmt.percent(o.share.p)}</td>"
            f"<td style='text-align:right'>{fmt.interval(o.share)}</td></tr>"
            for o in s.outcomes
            if o.region is None and o.path is None
        )
        events = "".join(
            f"<tr><td>{html.escape(e.event)}</td>"
            f"<td style='text-align:right'>{fmt.percent(e.by_horizon.p)}</td>"
            f"<td style='text-align:right'>{fmt.interval(e.by_horizon)}</td></tr>"
            for e in s.events
        )
        png = base64.b64encode(outcome_bars(self)._repr_png_()).decode("ascii")
        head = html.escape(repr(self))
        return (
            f"<div><p><code>{head}</code></p>"
            f"<p>{html.escape(self.scenario.question)}</p>"
            "<table><tr><th>outcome at horizon</th><th>runs</th><th>P</th><th>95% CI</th></tr>"
            f"{rows}</table>"
            "<details><summary>key events</summary><table><tr><th>event</th>"
            f"<th>P by horizon</th><th>95% CI</th></tr>{events}</table></details>"
            f"<img src='data:image/png;base64,{png}' style='max-width:100%'>"
            f"<p><small>{html.escape(s.note)}.</small></p></div>"
        )

    @property
    def outcomes(self) -> pd.DataFrame:
        if isinstance(self.outcomes_table, StoredTable):  # one row per replicate: keep it
            self.outcomes_table = self.outcomes_table.read()
        return self.outcomes_table

    @property
    def events(self) -> pd.DataFrame | None:
        return _frame(self.events_table)

    @property
    def trajectories(self) -> pd.DataFrame | None:
        return _frame(self.trajectories_table)

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
        return tuple(t for t in TABLES if getattr(self, f"{t}_table") is not None)

    def stored(self, name: str) -> StoredTable | None:
        """Where table ``name`` is stored on disk, if it is."""
        table = getattr(self, f"{name}_table")
        return table if isinstance(table, StoredTable) else None

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
        events = self._require("events")
        if isinstance(events, StoredTable):
            return events.read(filters=[("replicate", "==", replicate)]).reset_index(drop=True)
        return events[events["replicate"] == replicate].reset_index(drop=True)

    def sample_trajectories(self, k: int) -> pd.DataFrame | None:
        """The trajectories of the first ``k`` replicates (by index, so the choice is
        reproducible), or ``None`` when the ensemble kept no trajectories."""
        table = self.trajectories_table
        if table is None:
            return None
        last = self.first_replicate + k
        if isinstance(table, StoredTable):
            return table.read(filters=[("replicate", "<", last)])
        return table[table["replicate"] < last]

    def event_counts(self, replicate: int | None = None) -> pd.DataFrame:
        """Firings per (rule, actor, target) over the ensemble or in one replicate: columns
        ``rule``, ``actor``, ``target`` (``""`` where there is none) and ``count``. A stored log
        is counted batch by batch, never held whole.

        Raises
        ------
        ValueError
            If the ensemble ran without an event log.
        """
        events = self._require("events")
        if replicate is not None:
            return _count(self.replicate_events(replicate))
        if self.fired is not None:  # counted while the ensemble ran
            return self.fired.copy()
        if not isinstance(events, StoredTable):
            return _count(events)
        # a million rows of three dictionary columns at a time: a few megabytes
        return count_firings(events.batches(["rule", "actor", "target"], rows=1 << 20))

    def _require(self, name: str) -> Table:
        table = getattr(self, f"{name}_table")
        if table is None:
            raise ValueError(f"this ensemble ran without its {name} ({name}=False)")
        return table


def _frame(table: Table | None) -> pd.DataFrame | None:
    return table.read() if isinstance(table, StoredTable) else table


def count_firings(parts) -> pd.DataFrame:
    """Firings per (rule, actor, target) over event-log chunks (in-memory layout), summed:
    :meth:`EnsembleResult.event_counts` of the whole log."""
    return sum_firings([_count(part) for part in parts])


def sum_firings(counted: list[pd.DataFrame]) -> pd.DataFrame:
    """Firing counts of several chunks (rule, actor, target, count) summed into one table."""
    if not counted:
        return _count(pd.DataFrame({"rule": [], "actor": [], "target": []}))
    keys = ["rule", "actor", "target"]
    return pd.concat(counted).groupby(keys, sort=True)["count"].sum().reset_index()


def _count(events: pd.DataFrame) -> pd.DataFrame:
    keys = ["rule", "actor", "target"]
    # counted on the (categorical) columns as they are, then the few groups are named: a
    # missing target reads "", and groups that name alike are merged
    counts = events.groupby(keys, observed=True, dropna=False, sort=False).size()
    frame = counts.rename("count").reset_index()
    for c in keys:
        frame[c] = frame[c].astype(object).fillna("").astype(str)
    return frame.groupby(keys, sort=True)["count"].sum().reset_index()
