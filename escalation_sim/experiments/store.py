"""A sweep's results directory: a Parquet dataset that loses nothing.

Layout of ``DIR``::

    manifest.json        the experiment as resolved, seed, versions, command, batch layout,
                         status ("running" until every batch is in, then "complete")
    design.parquet       the design matrix (one row per design point)
    samples.parquet      the sampled factors as SALib made them (one row per sample, before
                         whole-number parameters were rounded), for its analyzers
    runs/batch-NNNNNN.parquet
                         one tidy row per design point x replicate of one batch: the point's
                         design values, then its outcomes
    points.parquet       per-point summaries (written once every batch is in)

Each batch file is written whole or not at all: into a temporary file in ``runs/``, flushed
to disk, then renamed into place (a rename within a directory is atomic on POSIX), and the
directory entry flushed. A sweep killed at any moment (SIGKILL included) leaves only complete
batch files and perhaps a temporary file, which ``--resume`` removes before it runs the batches
that are missing. Batches are fixed ranges of design points recorded in the manifest, so a
resumed sweep ends with exactly the table an uninterrupted one writes.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import OutputError, ResultError
from ..results.manifest import versions
from ..results.outdir import TOOL, write_json_atomically

KIND = "sweep"
MANIFEST = "manifest.json"
DESIGN = "design.parquet"
SAMPLES = "samples.parquet"
POINTS = "points.parquet"
RUNS = "runs"
_BATCH = re.compile(r"^batch-(\d{6})\.parquet$")
#: What :func:`write_table_atomically` and the manifest writer leave when killed mid-write.
_TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")


def batch_path(directory: Path, k: int) -> Path:
    return directory / RUNS / f"batch-{k:06d}.parquet"


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: The first columns of every table file of a sweep: which sweep it comes from, so that the
#: tables of several sweeps concatenate and stay apart. Reading through this module drops them
#: again (a :class:`~escalation_sim.experiments.sweeps.SweepResult` knows its sweep).
IDENTITY = ("experiment", "experiment_hash", "seed")
#: The schema metadata key of the sweep's manifest in every table file (as in a run's tables).
MANIFEST_KEY = b"escalation_sim.manifest"


def _with_identity(frame: pd.DataFrame, manifest: dict) -> pd.DataFrame:
    codes = pd.Categorical.from_codes
    zeros = [0] * len(frame)
    identity = {
        "experiment": codes(zeros, categories=[manifest["name"]]),
        "experiment_hash": codes(zeros, categories=[manifest["experiment_hash"]]),
        "seed": pd.array([manifest["seed"]] * len(frame), dtype="UInt64"),
    }
    return pd.concat([pd.DataFrame(identity, index=frame.index), frame], axis=1)


def _without_identity(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in IDENTITY if c in frame.columns])


def write_table_atomically(
    path: Path, frame: pd.DataFrame, metadata: dict | None = None, manifest: dict | None = None
) -> None:
    """Write ``frame`` to the Parquet file ``path`` in one step: a temporary file in the same
    folder, flushed to disk, renamed into place, the folder entry flushed. With the sweep's
    ``manifest``, the file starts with the :data:`IDENTITY` columns and carries the manifest
    (but its changing ``status``) as metadata."""
    if manifest is not None:
        frame = _with_identity(frame, manifest)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if metadata or manifest is not None:
        meta = dict(table.schema.metadata or {})
        if metadata:
            meta[b"escalation_sim"] = json.dumps(metadata, sort_keys=True).encode()
        if manifest is not None:
            fixed = {k: v for k, v in manifest.items() if k != "status"}
            meta[MANIFEST_KEY] = json.dumps(fixed, sort_keys=True).encode()
        table = table.replace_schema_metadata(meta)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pq.write_table(table, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def finished_batches(directory: Path) -> set[int]:
    """The batches whose files are in place (a file in place is whole: see the module)."""
    folder = directory / RUNS
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _BATCH.match(p.name))}


def remove_temporaries(directory: Path) -> None:
    """Remove the temporary files a killed sweep left behind."""
    for folder in (directory, directory / RUNS):
        if folder.is_dir():
            for p in folder.iterdir():
                if _TEMPORARY.match(p.name):
                    p.unlink(missing_ok=True)


def new_manifest(exp, design, batch_points: int, command: list[str] | None) -> dict:
    """The manifest of a sweep that starts now."""
    batches = -(-design.points // batch_points)
    return {
        "tool": TOOL,
        "kind": KIND,
        "status": "running",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "name": exp.name,
        "question": exp.question,
        "source": exp.source,
        "experiment_hash": exp.hash,
        "experiment": exp.to_dict(),
        "seed": exp.seed,
        "replicates": exp.replicates,
        "points": design.points,
        "runs": design.points * exp.replicates,
        "batch_points": batch_points,
        "batches": batches,
        "factors": list(design.factors),
        "levers": list(design.levers),
        "outcomes": list(exp.outcomes),
        "versions": versions(),
        "code": code_fingerprint(),
        "command": command,
    }


def read_manifest(directory: Path) -> dict | None:
    """The sweep manifest in ``directory``, or ``None`` if there is none."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL or data.get("kind") != KIND:
        return None
    return data


def code_fingerprint() -> str:
    """SHA-256 of escalation-sim's own source files: two sweeps can be merged only if they ran
    the same code (the version number does not change with every commit)."""
    import hashlib

    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def check_resumable(directory: Path, manifest: dict, exp) -> None:
    """Refuse to resume ``directory`` unless it holds this experiment, run by this version.

    Raises
    ------
    OutputError
        Naming what differs.
    """
    here, there = versions(), manifest.get("versions", {})
    changed = [k for k in sorted(set(here) | set(there)) if here.get(k) != there.get(k)]
    if changed:
        k = changed[0]
        raise OutputError(
            f"--resume {directory}: written with {k} {there.get(k)}, this is {here.get(k)}; "
            "results of two versions cannot be mixed - start a new sweep in another directory"
        )
    if manifest.get("code") != code_fingerprint():
        raise OutputError(
            f"--resume {directory}: written by other escalation-sim code (its source files "
            "changed since); results of two versions cannot be mixed - start a new sweep in "
            "another directory"
        )
    if manifest.get("experiment_hash") != exp.hash:
        what = (
            f"experiment {manifest.get('name')!r}"
            if manifest.get("name") != exp.name
            else "another version of this experiment (factors, design, seed, replicates or "
            "base scenario differ)"
        )
        raise OutputError(
            f"--resume {directory}: holds {what}, not {exp.name!r} as given now; resume it "
            "with the same experiment, or start a new sweep in another directory"
        )


def is_blank(directory: Path) -> bool:
    """Whether ``directory`` is missing, empty, or holds only what a sweep killed before its
    manifest was written leaves (an empty ``runs/`` folder, temporary files)."""
    if not directory.is_dir():
        return True
    for p in directory.iterdir():
        if p.name == RUNS and p.is_dir() and not any(p.iterdir()):
            continue
        if _TEMPORARY.match(p.name):
            continue
        return False
    return True


def start(directory: Path, manifest: dict, design) -> None:
    """Lay out a new sweep directory: the manifest first (from then on the directory is this
    sweep's, to resume), then the design."""
    remove_temporaries(directory)
    (directory / RUNS).mkdir(parents=True, exist_ok=True)
    write_json_atomically(directory / MANIFEST, manifest)
    write_design(directory, design, manifest)


def write_design(directory: Path, design, manifest: dict | None = None) -> None:
    """The design matrix, and the sampled factors' matrix as SALib made it (what its Sobol and
    Morris analyzers read)."""
    write_table_atomically(directory / DESIGN, design.frame, manifest=manifest)
    samples = pd.DataFrame(design.samples, columns=list(design.factors))
    write_table_atomically(directory / SAMPLES, samples, manifest=manifest)


def read_runs(directory: Path, batches: int | None = None) -> pd.DataFrame:
    """The runs table: every finished batch, in order (point, then replicate)."""
    done = sorted(finished_batches(directory))
    if batches is not None and len(done) != batches:
        missing = sorted(set(range(batches)) - set(done))
        raise ResultError(
            f"{directory}: {len(missing)} of {batches} batches are missing (first: "
            f"{missing[0]}); finish the sweep with --resume"
        )
    if not done:
        raise ResultError(f"{directory}: no finished batch yet")
    frames = [read_batch(directory, k) for k in done]
    return pd.concat(frames, ignore_index=True)


def read_batch(directory: Path, k: int) -> pd.DataFrame:
    """Batch ``k``'s runs, without the identity columns."""
    return _without_identity(pd.read_parquet(batch_path(directory, k)))


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """A table of the sweep (design, samples, points), without the identity columns."""
    path = directory / name
    if not path.is_file():
        raise ResultError(f"{directory}: no {name} (is the sweep complete?)")
    return _without_identity(pd.read_parquet(path))
