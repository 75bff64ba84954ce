"""Running a sweep: batches of design points on an executor, each finished batch stored at once.

:func:`sweep` splits the design into fixed batches of consecutive points, hands each batch to a
``concurrent.futures.Executor`` - this process, a pool of worker processes, or a Dask cluster -
and writes every batch's runs to the store the moment it comes back
(:mod:`escalation_sim.experiments.store`). Workers receive plain data - the experiment, the
design rows of their batch and the seed - and build the model themselves; no model object
crosses a process boundary. Every run's result depends only on its point, its replicate number
and the seed, so the table is the same whatever the batch size, the number of workers, the
executor or the order in which batches finish.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import OutputError
from ..results.outdir import claim, write_json_atomically
from . import store
from .design import Design, make_design
from .executors import EXECUTORS, InlineExecutor, SweepError, check_executor, make_executor
from .outcomes import summarise
from .points import run_batch
from .spec import Experiment, load_experiment

#: Runs per batch a sweep aims at: large enough that a batch steps as an efficient ensemble,
#: small enough that the work spreads over the workers and progress shows.
BATCH_RUNS = (1_000, 10_000)


@dataclass
class SweepResult:
    """A sweep's results directory, read on demand.

    Attributes
    ----------
    directory
        Where the store is (see :mod:`escalation_sim.experiments.store`).
    manifest
        Its manifest: the experiment as resolved, seed, versions, command, timings.
    """

    directory: Path
    manifest: dict = field(repr=False)

    @classmethod
    def open(cls, directory: str | Path) -> SweepResult:
        """Open a sweep's results directory (complete or not)."""
        directory = Path(directory)
        manifest = store.read_manifest(directory)
        if manifest is None:
            raise OutputError(f"{directory}: not an escalation-sim sweep (no sweep manifest.json)")
        return cls(directory, manifest)

    @property
    def complete(self) -> bool:
        return self.manifest.get("status") == "complete"

    def design(self) -> pd.DataFrame:
        """The design matrix: one row per point."""
        return store.read_table(self.directory, store.DESIGN)

    def runs(self) -> pd.DataFrame:
        """One row per design point x replicate: design values, then outcomes."""
        return store.read_runs(self.directory, self.manifest["batches"])

    def samples(self) -> pd.DataFrame:
        """The sampled factors' matrix as SALib made it (one row per sample)."""
        return store.read_table(self.directory, store.SAMPLES)

    def points(self) -> pd.DataFrame:
        """One row per design point: design values, replicates, outcome summaries."""
        return store.read_table(self.directory, store.POINTS)

    def __repr__(self) -> str:
        m = self.manifest
        return (
            f"<SweepResult {m['name']}: {m['points']:,} points x {m['replicates']:,} replicates"
            f" ({m['status']}) in {self.directory}>"
        )


def default_batch_points(design: Design, replicates: int, workers: int) -> int:
    """Design points per batch: about a quarter of each worker's share of the runs, within
    :data:`BATCH_RUNS` runs per batch."""
    total = design.points * replicates
    target = min(max(total / (4 * workers), BATCH_RUNS[0]), BATCH_RUNS[1])
    return max(1, min(design.points, round(target / replicates)))


def sweep(
    experiment: Experiment | str | Path,
    out: str | Path,
    *,
    workers: int = 1,
    executor: str = "processes",
    scheduler: str | None = None,
    resume: bool = False,
    batch_points: int | None = None,
    progress: Callable[[int, int], None] | bool | None = None,
    command: list[str] | None = None,
) -> SweepResult:
    """Run an experiment's design and store its results in ``out``.

    Parameters
    ----------
    experiment
        An :class:`Experiment`, a shipped experiment's name or a path to an experiment file.
    out
        The results directory (created; must be new or empty unless ``resume``).
    workers
        Worker processes (1: this process).
    executor
        ``"processes"`` or ``"dask"``.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); without it, ``dask`` starts
        a LocalCluster on 127.0.0.1.
    resume
        Continue the sweep stored in ``out``: batches already there are kept, the rest run.
    batch_points
        Design points per batch (default: :func:`default_batch_points`; a resumed sweep keeps
        the layout it started with). Results do not depend on it.
    progress
        Called as ``progress(done_runs, total_runs)`` when a batch is stored; ``True`` shows
        a progress bar in runs (``tqdm.auto``: a notebook widget in Jupyter).
    command
        The command line, recorded in the manifest.

    Returns
    -------
    SweepResult

    Raises
    ------
    OutputError
        If ``out`` holds something else (another experiment or version, or any files without
        ``resume``), or another process is writing there.
    SweepError
        If the executor cannot be started.

    Examples
    --------
    >>> import tempfile
    >>> r = sweep("ci_smoke", tempfile.mkdtemp() + "/s", batch_points=4)
    >>> len(r.points()) == r.manifest["points"]
    True
    """
    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    if workers < 1:
        raise SweepError(f"--workers: must be at least 1 (got {workers})")
    if batch_points is not None and batch_points < 1:
        raise SweepError(f"--batch-points: must be at least 1 (got {batch_points})")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: exists and is not a directory")
    check_executor(executor, scheduler)
    out.parent.mkdir(parents=True, exist_ok=True)
    bar = None
    if progress is True:
        from ..engine.ensemble import progress_bar

        bar, progress = progress_bar(exp.name, 1)

        def progress(done: int, total: int, _move=progress) -> None:
            bar.total = total
            _move(done, total)

    try:
        return _claimed(
            exp, out, workers, executor, scheduler, resume, batch_points, progress, command
        )
    finally:
        if bar is not None:
            bar.close()


def _claimed(exp, out, workers, executor, scheduler, resume, batch_points, progress, command):
    with claim(out):
        old = _check_out(out, exp, resume)  # before any executor starts: fail fast
        with make_executor(executor, workers, scheduler) as (pool, n):
            return _sweep(
                exp, out, old, pool, n, executor, scheduler, batch_points, progress, command
            )


def _check_out(out: Path, exp: Experiment, resume: bool) -> dict | None:
    """The manifest of the sweep to resume in ``out`` (``None``: start a new one there)."""
    old = store.read_manifest(out) if out.is_dir() else None
    if old is not None and resume:
        store.check_resumable(out, old, exp)
        return old
    if not store.is_blank(out):
        if resume:
            raise OutputError(f"--resume {out}: holds no sweep (no sweep manifest.json)")
        raise OutputError(
            f"--out {out}: exists and is not empty; pass --resume to continue the sweep stored "
            "there, or choose another directory"
        )
    return None


def _sweep(exp, out, old, pool, workers, executor, scheduler, batch_points, progress, command):
    if old is not None:
        manifest = old
        store.remove_temporaries(out)
        if (out / store.DESIGN).is_file() and (out / store.SAMPLES).is_file():
            design_frame = store.read_table(out, store.DESIGN)
        else:  # killed between the manifest and the design: the design is the experiment's
            design = make_design(exp)
            design_frame = design.frame
            store.write_design(out, design, manifest)
    else:
        design = make_design(exp)
        b = batch_points or default_batch_points(design, exp.replicates, workers)
        manifest = store.new_manifest(exp, design, b, command)
        design_frame = design.frame
        store.start(out, manifest, design)

    b, batches, reps = manifest["batch_points"], manifest["batches"], exp.replicates
    total = manifest["runs"]
    done = store.finished_batches(out)
    todo = [k for k in range(batches) if k not in done]
    done_runs = total - sum(_batch_runs(k, b, len(design_frame), reps) for k in todo)
    if progress is not None:
        progress(done_runs, total)
    if not todo and manifest.get("status") == "complete":
        return SweepResult(out, manifest)  # nothing left to do: keep it as it is
    started = time.perf_counter()
    pending: dict[Future, int] = {}
    queue = list(todo)
    # batches in flight: one at a time in this process (each is stored before the next runs);
    # on workers, enough to keep every one busy with a batch in hand, without queueing the
    # whole design at once (a Dask cluster would hold every batch's rows)
    limit = 1 if isinstance(pool, InlineExecutor) else 2 * workers + 2
    try:
        while queue or pending:
            while queue and len(pending) < limit:
                k = queue.pop(0)
                rows = design_frame.iloc[k * b : (k + 1) * b].to_dict("records")
                pending[pool.submit(run_batch, exp, rows, exp.seed)] = k
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                k = pending.pop(future)
                runs = future.result()
                _store_batch(out, k, b, design_frame, runs, manifest)
                done_runs += _batch_runs(k, b, len(design_frame), reps)
                if progress is not None:
                    progress(done_runs, total)
    except BrokenProcessPool as exc:
        kept = len(store.finished_batches(out))
        raise SweepError(
            f"a worker process died ({exc}); the {kept} batches stored in {out} are kept - "
            "continue with --resume (from a script, start sweeps with several workers under "
            "if __name__ == '__main__':)"
        ) from None
    finally:
        for future in pending:
            future.cancel()
    manifest = dict(manifest)
    manifest["elapsed_s"] = round(manifest.get("elapsed_s", 0) + time.perf_counter() - started, 3)
    manifest["executor"] = {"kind": executor, "workers": workers, "scheduler": scheduler}
    _finish(out, manifest)
    return SweepResult(out, manifest)


def _batch_runs(k: int, b: int, points: int, replicates: int) -> int:
    return (min((k + 1) * b, points) - k * b) * replicates


def _store_batch(out: Path, k: int, b: int, design: pd.DataFrame, runs, manifest: dict) -> None:
    """Join the batch's design values to its runs and write the batch file atomically."""
    part = design.iloc[k * b : (k + 1) * b]
    expected = len(part) * manifest["replicates"]
    if len(runs) != expected:  # pragma: no cover - a broken worker
        raise SweepError(f"batch {k}: a worker returned {len(runs)} runs, expected {expected}")
    table = with_design(part, runs)
    meta = {"experiment_hash": manifest["experiment_hash"], "batch": k, "seed": manifest["seed"]}
    store.write_table_atomically(store.batch_path(out, k), table, meta, manifest)


def _finish(out: Path, manifest: dict) -> None:
    """Per-point summaries from the stored runs (batch by batch), then the manifest, complete."""
    design = store.read_table(out, store.DESIGN)
    parts = []
    for k in range(manifest["batches"]):
        runs = store.read_batch(out, k)
        parts.append(summarise(runs, tuple(manifest["outcomes"])))
    points = design.merge(pd.concat(parts, ignore_index=True), on="point", validate="one_to_one")
    store.write_table_atomically(out / store.POINTS, points, manifest=manifest)
    manifest["status"] = "complete"
    write_json_atomically(out / store.MANIFEST, manifest)


def dry_run(exp: Experiment, workers: int = 1, trial_runs: int = 2_000) -> list[tuple[str, str]]:
    """What a sweep of ``exp`` would do, with a time estimated from a short trial here."""
    from .design import describe, expected_points

    rows = describe(exp)
    design = make_design(exp)
    n = max(1, min(design.points, -(-trial_runs // exp.replicates)))
    trial = design.frame.iloc[:n].to_dict("records")
    t = time.process_time()
    run_batch(exp, trial, exp.seed)
    per_run = (time.process_time() - t) / (n * exp.replicates)
    seconds = per_run * expected_points(exp) * exp.replicates / workers
    rows.append(("estimated time", f"{_duration(seconds)} on {workers} worker(s)"))
    rows.append(("estimate from", f"a {n * exp.replicates}-run trial on this machine"))
    return rows


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


__all__ = ["EXECUTORS", "InlineExecutor", "SweepError", "SweepResult", "dry_run", "sweep"]


def run_in_memory(exp: Experiment, seed: int | None = None, batch_runs: int = 10_000):
    """Every design point's runs, in this process and in memory (no store): the runs table
    of a sweep of ``exp`` - with ``seed`` instead of the experiment's, if given."""
    design = make_design(exp)
    rows = design.frame.to_dict("records")
    b = max(1, batch_runs // exp.replicates)
    seed = exp.seed if seed is None else seed
    parts = [run_batch(exp, rows[i : i + b], seed) for i in range(0, len(rows), b)]
    return with_design(design.frame, pd.concat(parts, ignore_index=True))


def with_design(design: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """The runs table: each run's point's design values (not its policy and sample
    indices), then its outcomes, in the runs' order."""
    values = design.drop(columns=["policy", "sample"])
    return values.merge(runs, on="point", how="right", validate="one_to_many")
