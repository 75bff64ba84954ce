"""Output directories: where a result may go, and writing one so that it appears whole or not
at all.

Everything is written into a hidden temporary sibling that is renamed into place only when
complete. ``--force`` replaces an earlier result, never an arbitrary directory, the current
directory or one of its parents.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import OutputError


def default_out(name: str) -> Path:
    """Where a run goes without ``--out``: ``results/<scenario>/<UTC time>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("results") / name / stamp


def check_output_dir(path: Path, force: bool) -> None:
    """Raise :class:`OutputError` unless ``path`` can receive a result.

    ``force`` replaces an earlier *result* (a directory holding ``manifest.json``), never an
    arbitrary directory, the current directory or one of its parents.
    """
    resolved = path.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents or resolved.parent == resolved:
        raise OutputError(
            f"--out {path}: refusing to write a result over the current directory "
            "or one of its parents; name a new directory"
        )
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {path}: exists and is not a directory")
    if path.is_dir() and any(path.iterdir()):
        if not force:
            raise OutputError(
                f"--out {path}: directory is not empty (use --force to replace an earlier result)"
            )
        if not (path / "manifest.json").is_file():
            raise OutputError(
                f"--out {path}: not empty and not an escalation-sim result "
                "(no manifest.json); --force only replaces earlier results"
            )
    parent = path.parent if path.parent != Path("") else Path(".")
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise OutputError(f"--out {path}: {probe} is not writable")


@contextlib.contextmanager
def atomic_dir(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary directory that becomes ``path`` only if the block succeeds."""
    path = Path(path)
    check_output_dir(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.partial-", dir=path.parent))
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; a result dir is an ordinary dir
    except OSError as exc:
        raise OutputError(f"--out {path}: cannot create ({exc.strerror})") from None
    try:
        yield tmp
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old-{os.getpid()}")
            path.rename(old)
        tmp.rename(path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
