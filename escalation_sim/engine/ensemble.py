"""Running ensembles: :func:`simulate` steps the model in chunks and gathers its tables.

One engine serves one replicate and 100,000: replicates run as vectors inside
:class:`~escalation_sim.engine.model.EscalationModel`, in chunks so that memory is bounded by
the chunk. Replicate *k* is bit-identical whatever the chunk size or ensemble size. The result
is an :class:`~escalation_sim.results.result.EnsembleResult` (plain data).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..core.rng import check_replicates, check_seed
from ..results.result import EnsembleResult
from ..scenarios.loader import Scenario, load_scenario
from .events import empty_events
from .model import EscalationModel
from .recording import DistributionRecorder, FullRecorder

DEFAULT_CHUNK = 10_000

# EnsembleResult is importable from here too, where it used to live (escalation_sim/__init__.py
# imports it from this module).
__all__ = ["DEFAULT_CHUNK", "EnsembleResult", "simulate"]


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

    Raises
    ------
    ValueError
        If ``replicates`` or ``chunk_size`` is out of range.
    RangeError
        If ``seed`` is not a whole number with ``0 <= seed < 2**64``, or the replicate
        indices would pass 2**62 (also a ``ValueError``).

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
    seed = check_seed(seed)
    check_replicates(first_replicate, replicates)
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
        first_replicate=first_replicate,
        chunk_size=chunk_size,
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
