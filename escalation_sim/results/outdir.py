"""Output directories: claiming one, writing it so that it appears whole or not at all, and
replacing only what escalation-sim wrote.

A writer first *claims* the output directory with a lock file beside it (``.DIR.lock``, held with
an exclusive ``flock`` for the whole write and naming the writer's process id): of two writers
started together, exactly one wins and the other stops before simulating. The kernel releases a
killed writer's lock, so a lock file nobody holds is a leftover, whatever it says. Everything
is then written into a hidden staging sibling (``.DIR.partial-<pid>-<random>``); the manifest is
written last, with the list of every file the run wrote, and the staging folder is renamed into
place. A killed run leaves at most a staging folder and a lock file nobody holds, which the next
writer into the same folder removes.

``--force`` replaces an earlier output only when its manifest names escalation-sim as its
writer and lists every file in it: a file a user added (notes, scripts), or a directory that
merely holds some other ``manifest.json``, makes ``--force`` refuse, naming the file. Never the
current directory or one of its parents.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import OutputError

#: Who wrote an output, and the version of its layout, as every manifest states them.
TOOL = "escalation-sim"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Staging folders and locks carry the writer's process id, so that leftovers of dead
#: processes can be told from those of running ones.
_STAGING = re.compile(r"^\.(?P<name>.+)\.partial-(?P<pid>\d+)-[0-9a-z_]+$")
_REPORT_STAGING = re.compile(r"^\.report-(?P<pid>\d+)-[0-9a-z_]+$")
_LOCK = re.compile(r"^\.(?P<name>.+)\.lock$")


def default_out(name: str) -> Path:
    """Where a run goes without ``--out``: ``results/<slug>/<UTC time to the microsecond>-<4 hex
    digits>``, unique even for runs started in the same second."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return Path("results") / slug(name) / f"{stamp}-{secrets.token_hex(2)}"


def slug(name: str) -> str:
    """A folder name made from a scenario name: letters, digits, ``.``, ``_`` and ``-`` only,
    no leading dot or dash, at most 64 characters (``"scenario"`` if nothing is left).

    >>> slug("../../etc/x"), slug(""), slug("worst case!")
    ('etc-x', 'scenario', 'worst-case')
    """
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")[:64].strip(".-")
    return text or "scenario"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except (OverflowError, ValueError):
        return False
    return True


def read_manifest(directory: Path) -> dict | None:
    """The manifest of ``directory`` if escalation-sim wrote it, else ``None``."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return data


def unknown_files(directory: Path) -> list[str]:
    """Files in ``directory`` its escalation-sim manifest does not list (all of them when
    escalation-sim did not write it), as paths relative to it."""
    manifest = read_manifest(directory)
    listed = set(manifest["files"]) | {MANIFEST} if manifest is not None else set()
    found = sorted(
        p.relative_to(directory).as_posix() for p in directory.rglob("*") if not p.is_dir()
    )
    return [f for f in found if f not in listed]


def remove_stale(parent: Path) -> None:
    """Remove staging folders and locks that dead processes left in ``parent``."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _STAGING.match(entry.name) or _REPORT_STAGING.match(entry.name)
        if match and entry.is_dir() and not process_alive(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
        elif _LOCK.match(entry.name) and entry.is_file():
            _remove_if_unheld(entry)


def _remove_if_unheld(lock: Path) -> None:
    """Remove a lock file no process holds (a killed writer's), holding it meanwhile so that no
    writer can take it between the check and the removal."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)  # held: a live writer's
        return
    try:
        if _same_file(fd, lock):
            lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``path`` (not unlinked or replaced)."""
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip())
    except (OSError, ValueError):
        return None


def check_output_dir(path: Path, force: bool) -> None:
    """Raise :class:`OutputError` unless ``path`` can receive an output (see the module
    docstring for what ``force`` may replace)."""
    try:
        _check(path, force)
    except OSError as exc:  # e.g. a name too long for the file system
        raise OutputError(f"--out {path}: cannot be used ({exc.strerror})") from None


def _check(path: Path, force: bool) -> None:
    resolved = path.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents or resolved.parent == resolved:
        raise OutputError(
            f"--out {path}: refusing to write over the current directory or one of its "
            "parents; name a new directory"
        )
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {path}: exists and is not a directory")
    if path.is_dir() and any(path.iterdir()):
        if not force:
            raise OutputError(
                f"--out {path}: directory is not empty (use --force to replace an earlier "
                "escalation-sim output)"
            )
        if read_manifest(path) is None:
            raise OutputError(
                f"--out {path}: --force refused: not an escalation-sim result (its "
                f"{MANIFEST} is missing or was not written by escalation-sim)"
            )
        unknown = unknown_files(path)
        if unknown:
            raise OutputError(
                f"--out {path}: --force refused: {unknown[0]} was not written by "
                "escalation-sim; move it elsewhere or choose another --out"
            )
    probe = path.parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise OutputError(f"--out {path}: {probe} is not writable")


class Staging:
    """The hidden folder an output is written into. Write files into :attr:`path`; set
    :attr:`manifest` before the block ends - it is written last, with the list of files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest: dict | None = None

    def seal(self) -> list[str]:
        """Write the manifest (tool, format version, files) after every other file."""
        if self.manifest is None:
            raise RuntimeError("an output directory needs a manifest before it is sealed")
        files = sorted(
            p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if not p.is_dir()
        )
        manifest = {"tool": TOOL, "format_version": FORMAT_VERSION, **self.manifest}
        manifest["files"] = [f for f in files if f != MANIFEST]
        write_json_atomically(self.path / MANIFEST, manifest)
        return manifest["files"]


def write_json_atomically(path: Path, data: dict) -> None:
    """Replace ``path`` with ``data`` as JSON in one step (a temporary file, then a rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def claim(path: Path) -> Iterator[None]:
    """Hold the lock of output ``path`` (``.NAME.lock`` beside it) for the block: an exclusive
    ``flock`` on the lock file, which names this process. The lock file is removed when the
    block ends (while still held); a killed writer's lock is released by the kernel.

    Raises
    ------
    OutputError
        If another process holds it: another escalation-sim run is writing there.
    """
    lock = path.parent / f".{path.name}.lock"
    for _ in range(5):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise OutputError(f"--out {path}: cannot be claimed ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            owner = _lock_owner(lock)
            who = f" (pid {owner})" if owner is not None else ""
            raise OutputError(
                f"--out {path}: another escalation-sim process{who} is writing there; wait "
                "for it or choose another --out"
            ) from None
        if _same_file(fd, lock):  # not removed by a writer that finished meanwhile
            break
        os.close(fd)
    else:
        raise OutputError(f"--out {path}: cannot be claimed (its lock keeps changing)")
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        lock.unlink(missing_ok=True)  # while held, so no writer can have taken this file
        os.close(fd)


@contextlib.contextmanager
def atomic_dir(path: Path, force: bool = False) -> Iterator[Staging]:
    """Claim ``path``, yield a :class:`Staging` folder, and put it in place only if the block
    succeeds (see the module docstring).

    Raises
    ------
    OutputError
        If ``path`` cannot receive an output, another writer holds it, or it cannot be written.
    """
    path = Path(path)
    with contextlib.suppress(OSError):  # leftovers of killed writers, here and inside path
        remove_stale(path.parent)
        if path.is_dir():
            remove_stale(path)
    check_output_dir(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {path}: cannot create ({exc.strerror})") from None
    with claim(path):
        check_output_dir(path, force)  # again: another writer may have finished meanwhile
        try:
            prefix = f".{path.name}.partial-{os.getpid()}-"
            tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=path.parent))
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; an output is an ordinary dir
        except OSError as exc:
            raise OutputError(f"--out {path}: cannot create ({exc.strerror})") from None
        try:
            staging = Staging(tmp)
            yield staging
            staging.seal()
            _put_in_place(tmp, path)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _put_in_place(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` to ``path``; an earlier output there (checked to hold only files its
    manifest lists) is set aside first and only its listed files are deleted."""
    if not path.exists():
        tmp.rename(path)
        return
    old_manifest = read_manifest(path)
    listed = [*old_manifest["files"], MANIFEST] if old_manifest is not None else []
    if not any(path.iterdir()):
        path.rmdir()
        tmp.rename(path)
        return
    old = path.with_name(f".{path.name}.old-{os.getpid()}-{secrets.token_hex(3)}")
    path.rename(old)
    tmp.rename(path)
    for name in listed:
        with contextlib.suppress(OSError):
            (old / name).unlink()
    for sub in sorted((p for p in old.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            sub.rmdir()  # only empty ones
    with contextlib.suppress(OSError):
        old.rmdir()
    # anything left was added after the check: keep it, in the new output where its name is free
    if old.exists():
        for leftover in list(old.iterdir()):
            if not (path / leftover.name).exists():
                leftover.rename(path / leftover.name)
        with contextlib.suppress(OSError):
            old.rmdir()
