"""Running ensembles: :func:`simulate` and the :class:`EnsembleResult` it returns.

One engine serves one replicate and 100,000: replicates run as vectors inside
:class:`~escalation_sim.model.EscalationModel`, in chunks so that memory is bounded by the chunk.
Replicate *k* is bit-identical whatever the chunk size or ensemble size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis.summary import event_table, outcome_table, score_summary, transfer_regions
from ..scenarios.loader import Scenario, load_scenario
from .events import empty_events
from .model import EscalationModel
from .recording import DistributionRecorder, FullRecorder

DEFAULT_CHUNK = 10_000


@dataclass
class EnsembleResult:
    """Tidy results of an ensemble.

    Attributes
    ----------
    outcomes
        One row per replicate: outcome class, its week (and region), key-event weeks.
    trajectories
        One row per (replicate, week) with ladder levels and key state, or ``None`` when the
        ensemble ran with ``trajectories=False`` (distributions are kept either way).
    events
        One row per rule firing, or ``None`` when run with ``events=False``.
    distributions
        Per-week histograms of every series (quantiles, ladder occupancy).
    """

    scenario: Scenario
    seed: int
    replicates: int
    outcomes: pd.DataFrame
    distributions: DistributionRecorder
    trajectories: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    meta: dict = field(default_factory=dict)

    @property
    def weeks(self) -> int:
        return self.scenario.params.horizon_weeks

    @property
    def six_months(self) -> int:
        """The week "within six months" probabilities are read at (never after the horizon)."""
        return min(self.scenario.params.outcomes.six_months_weeks, self.weeks)

    def outcome_probabilities(self) -> pd.DataFrame:
        """Outcome classes with probabilities and 95% Wilson intervals."""
        return outcome_table(self.outcomes)

    def event_probabilities(self) -> pd.DataFrame:
        """Key events: probability by the horizon and within six months, and timing."""
        return event_table(self.outcomes, self.six_months)

    def transfer_regions(self) -> pd.DataFrame:
        return transfer_regions(self.outcomes)

    def quantiles(self) -> pd.DataFrame:
        """Per-week quantiles (q05, q25, q50, q75, q95) and mean of every series."""
        return self.distributions.quantiles()

    def occupancy(self) -> pd.DataFrame:
        """Share of replicates at each ladder level, per theatre and week."""
        return self.distributions.occupancy()

    def summary(self) -> dict:
        """Plain-data summary (what ``summary.json`` holds)."""

        def records(df):
            return [
                {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
                for row in df.to_dict(orient="records")
            ]

        return {
            "scenario": self.scenario.name,
            "question": self.scenario.question,
            "scenario_hash": self.scenario.hash,
            "seed": self.seed,
            "replicates": self.replicates,
            "horizon_weeks": self.weeks,
            "six_months_weeks": self.six_months,
            "outcomes": records(self.outcome_probabilities()),
            "events": records(self.event_probabilities().drop(columns="column")),
            "first_transfer_regions": records(self.transfer_regions()),
            "escalation_score": score_summary(self.outcomes),
            "note": "scenario-conditional estimates; intervals are 95% Wilson score intervals "
            "over replicates and do not include model or parameter uncertainty",
        }

    def replicate_events(self, replicate: int) -> pd.DataFrame:
        if self.events is None:
            raise ValueError("this ensemble ran without an event log (events=False)")
        return self.events[self.events["replicate"] == replicate].reset_index(drop=True)


def simulate(
    scenario: Scenario | str | Path = "baseline",
    replicates: int = 1000,
    seed: int = 0,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    events: bool = True,
    trajectories: bool = True,
    first_replicate: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> EnsembleResult:
    """Run an ensemble of a scenario.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a shipped name (``"baseline"``) or a path to a scenario file.
    replicates
        Number of replicates (independent runs under the same assumptions).
    seed
        Root seed. Same scenario, seed and replicate index -> the same run, always.
    chunk_size
        Replicates stepped together; bounds memory without changing any result.
    events, trajectories
        Keep the event log / the full weekly trajectories (distributions are always kept).
    first_replicate
        Global index of the first replicate (to rerun a replicate alone, or to shard work).
    progress
        Called as ``progress(done, total)`` after every simulated week of every chunk, in
        replicate-weeks (``total = replicates x horizon``).

    Returns
    -------
    EnsembleResult

    Examples
    --------
    >>> r = simulate("baseline", replicates=200, seed=1)
    >>> t = r.outcome_probabilities()
    >>> classes = t[~t["outcome"].str.contains(":")]  # without the per-region rows
    >>> round(float(classes["p"].sum()), 12)  # the classes partition the runs
    1.0
    """
    if isinstance(scenario, (str, Path)):
        scenario = load_scenario(scenario)
    if replicates < 1:
        raise ValueError(f"replicates(={replicates}) must be >= 1")
    if seed < 0:
        raise ValueError(f"seed(={seed}) must be >= 0")
    if chunk_size < 1:
        raise ValueError(f"chunk_size(={chunk_size}) must be >= 1")
    weeks = scenario.params.horizon_weeks
    dist = DistributionRecorder(weeks)
    outs, evs, trajs = [], [], []
    done = 0
    while done < replicates:
        n = min(chunk_size, replicates - done)
        start = first_replicate + done
        full = FullRecorder(weeks, n) if trajectories else None
        chunk_dist = DistributionRecorder(weeks)

        def on_week(week, world, full=full, chunk_dist=chunk_dist, base=done * weeks, n=n):
            chunk_dist(week, world)
            if full is not None:
                full(week, world)
            if progress is not None and week > 0:
                progress(base + n * week, replicates * weeks)

        model = EscalationModel(scenario, n, seed, start, record_events=events, on_week=on_week)
        model.run()
        ids = model.replicate_ids
        outs.append(model.tracker.frame(model.world, ids))
        if events:
            evs.append(model.log.frame(ids))
        if full is not None:
            trajs.append(full.frame(ids))
        dist.merge(chunk_dist)
        done += n
    outcomes = pd.concat(outs, ignore_index=True)
    return EnsembleResult(
        scenario=scenario,
        seed=seed,
        replicates=replicates,
        outcomes=outcomes,
        distributions=dist,
        trajectories=pd.concat(trajs, ignore_index=True) if trajectories else None,
        events=(_concat_events(evs) if events else None),
        meta={"first_replicate": first_replicate, "chunk_size": chunk_size},
    )


def _concat_events(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_events()
    out = pd.concat(
        [f.astype({c: object for c in f.select_dtypes("category")}) for f in frames],
        ignore_index=True,
    )
    for c in frames[0].select_dtypes("category"):
        out[c] = out[c].astype("category")
    return out
