"""Running ensembles: :func:`simulate` steps the model in chunks and gathers its tables.

One engine serves one replicate and 100,000: replicates run as vectors inside
:class:`~escalation_sim.engine.model.EscalationModel`, in chunks so that memory is bounded by
the chunk. Replicate *k* is bit-identical whatever the chunk size or ensemble size. The result
is an :class:`~escalation_sim.results.result.EnsembleResult` (plain data).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from ..core.rng import DEFAULT_REPLICATES, DEFAULT_SEED, check_replicates, check_seed
from ..results.budget import check, estimate
from ..results.manifest import run_manifest
from ..results.result import EnsembleResult, count_firings, sum_firings
from ..results.stored import MemorySink, ParquetSink
from ..scenarios.loader import Scenario, load_scenario
from .events import empty_events
from .model import EscalationModel
from .recording import DistributionRecorder, FullRecorder

DEFAULT_CHUNK = 10_000

# EnsembleResult is importable from here too, where it used to live (escalation_sim/__init__.py
# imports it from this module).
__all__ = ["DEFAULT_CHUNK", "EnsembleResult", "simulate"]


def progress_bar(label: str, runs: int, weeks: int = 1):
    """A ``tqdm.auto`` bar in runs (a widget in Jupyter) and the ``progress(done, total)``
    callback that moves it from replicate-weeks."""
    from tqdm.auto import tqdm

    bar = tqdm(total=runs, desc=label, unit=" runs", unit_scale=True, leave=False)

    def update(done: int, total: int) -> None:
        bar.update(done // weeks - bar.n)  # tqdm redraws at most every 0.1 s

    return bar, update


def simulate(
    scenario: Scenario | str | Path = "baseline",
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    events: bool = True,
    trajectories: bool = True,
    first_replicate: int = 0,
    progress: Callable[[int, int], None] | bool | None = None,
    directory: Path | None = None,
    check_resources: bool = True,
    disabled: Collection[str] = (),
) -> EnsembleResult:
    """Run an ensemble of a scenario.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a shipped name (``"baseline"``) or a path to a scenario file.
    replicates
        Number of replicates (independent runs under the same assumptions); default 2,000,
        as on the command line.
    seed
        Root seed. Same scenario, seed and replicate index -> the same run, always. Default 1,
        as on the command line, so ``simulate("baseline")`` is ``escalation-sim run baseline``.
    chunk_size
        Replicates stepped together; bounds memory without changing any result.
    events, trajectories
        Keep the event log / the full weekly trajectories (distributions are always kept).
    first_replicate
        Global index of the first replicate (to rerun a replicate alone, or to shard work).
    progress
        Called as ``progress(done, total)`` after every simulated week of every chunk, in
        replicate-weeks (``total = replicates x horizon``); ``True`` shows a progress bar in
        runs (``tqdm.auto``: a notebook widget in Jupyter, text elsewhere).
    directory
        Stream the outcomes, events and trajectories into ``<table>.parquet`` files in this
        existing directory as each chunk finishes, so that memory stays bounded by one chunk;
        the result then reads them from there when asked. By default they stay in memory.
    disabled
        Ids of rules (or ``scenario.<action>`` levers) switched off; see
        :class:`~escalation_sim.engine.model.EscalationModel`.
    check_resources
        Refuse (:class:`~escalation_sim.errors.ResourceError`) an ensemble whose estimated
        memory - or, streamed, disk - exceeds what the machine has
        (:mod:`escalation_sim.results.budget`).

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
    >>> classes = t[t["region"].isna() & t["path"].isna()]  # without the breakdown rows
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
    if check_resources:
        needs = estimate(
            replicates,
            weeks,
            events=events,
            trajectories=trajectories,
            streamed=directory is not None,
            chunk_size=chunk_size,
        )
        check(needs, directory, "simulate(..., check_resources=False)")
    bar = None
    if progress is True:
        bar, progress = progress_bar(scenario.name, replicates, weeks)
    dist = DistributionRecorder(weeks)
    if directory is not None:
        # streamed tables carry what determines their numbers (the run's manifest as known at
        # its start) as metadata, so they are written once, in their final layout
        run = run_manifest(
            scenario, seed, replicates, first_replicate, events=events, trajectories=trajectories
        )
        sink = ParquetSink(directory, run)
    else:
        sink = MemorySink()
    done = 0
    fired = []  # each chunk's firings per (rule, actor, target): the network figure's counts
    try:
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

            model = EscalationModel(
                scenario, n, seed, start, record_events=events, on_week=on_week, disabled=disabled
            )
            model.run()
            ids = model.replicate_ids
            sink.add("outcomes", model.tracker.frame(model.world, ids))
            if events:
                log = model.log.frame(ids)
                fired.append(count_firings([log]))
                sink.add("events", log)
            if full is not None:
                sink.add("trajectories", full.frame(ids))
            model.release()
            dist.merge(chunk_dist)
            done += n
        empty = {"events": empty_events()} if events else {}
        tables = sink.finish(empty)
    finally:
        if isinstance(sink, ParquetSink):
            sink.close()
        if bar is not None:
            bar.close()
    return EnsembleResult(
        scenario=scenario,
        seed=seed,
        replicates=replicates,
        outcomes=tables["outcomes"],
        distributions=dist,
        trajectories=tables.get("trajectories"),
        events=tables.get("events"),
        first_replicate=first_replicate,
        chunk_size=chunk_size,
        fired=sum_firings(fired) if events else None,
    )
