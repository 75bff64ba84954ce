"""Saving and loading results: Parquet tables, ``summary.json`` and ``manifest.json``.

A result directory is written atomically: everything goes into a hidden temporary sibling that
is renamed into place only when complete, and ``manifest.json`` (written last) carries
``"complete": true``. An interrupted run therefore never leaves a directory that looks whole,
and :func:`load_result` refuses one without a complete manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import OutputError, ResultError
from ..scenarios.schema import ScenarioParams
from ..engine.recording import SERIES, DistributionRecorder
from ..scenarios.loader import Scenario
from ..engine.ensemble import EnsembleResult

TABLES = ("outcomes", "events", "trajectories")
PACKAGES = ("escalation-sim", "mesa", "numpy", "pandas", "matplotlib", "pyarrow", "pydantic")


def versions() -> dict[str, str]:
    """Versions of Python and the packages a result depends on."""
    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


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


def _distribution_frame(dist: DistributionRecorder) -> pd.DataFrame:
    """Histogram counts (bin >= 0); per week: exact sums (bin -1), out-of-range counts (-2),
    minima (-3) and maxima (-4)."""
    rows = []
    for s in SERIES:
        week, b = np.nonzero(dist.counts[s.name])
        rows.append(
            pd.DataFrame(
                {
                    "series": s.name,
                    "week": week.astype(np.int16),
                    "bin": b.astype(np.int16),
                    "value": dist.counts[s.name][week, b].astype(np.float64),
                }
            )
        )
        weeks = np.arange(dist.weeks + 1, dtype=np.int16)
        per_week = (dist.sums, dist.outside, dist.mins, dist.maxs)
        for code, table in zip((-1, -2, -3, -4), per_week, strict=True):
            rows.append(
                pd.DataFrame(
                    {
                        "series": s.name,
                        "week": weeks,
                        "bin": np.int16(code),
                        "value": table[s.name].astype(np.float64),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def manifest(result: EnsembleResult, command: list[str] | None = None) -> dict:
    """What is needed to reproduce every number of ``result``."""
    sc = result.scenario
    return {
        "complete": True,
        "scenario": sc.name,
        "scenario_source": sc.source,
        "scenario_chain": list(sc.chain),
        "overrides": list(sc.overrides),
        "scenario_hash": sc.hash,
        "resolved_scenario": sc.resolved(),
        "seed": result.seed,
        "replicates": result.replicates,
        "first_replicate": result.meta.get("first_replicate", 0),
        "horizon_weeks": result.weeks,
        "tables": [t for t in TABLES if getattr(result, t) is not None],
        "versions": versions(),
        "command": command if command is not None else sys.argv,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
    }


def write_tables(result: EnsembleResult, directory: Path, command: list[str] | None = None) -> None:
    """Write all tables, the summary and (last) the manifest into an existing directory."""
    d = Path(directory)
    for name in TABLES:
        table = getattr(result, name)
        if table is not None:
            table.to_parquet(d / f"{name}.parquet", index=False)
    _distribution_frame(result.distributions).to_parquet(d / "distributions.parquet", index=False)
    result.quantiles().to_parquet(d / "quantiles.parquet", index=False)
    (d / "summary.json").write_text(json.dumps(result.summary(), indent=2) + "\n")
    (d / "manifest.json").write_text(json.dumps(manifest(result, command), indent=2) + "\n")


def save_result(
    result: EnsembleResult, path: Path, *, force: bool = False, command: list[str] | None = None
) -> Path:
    """Save ``result`` atomically into ``path`` (see the module docstring)."""
    with atomic_dir(Path(path), force) as tmp:
        write_tables(result, tmp, command)
    return Path(path)


def load_result(path: Path | str) -> EnsembleResult:
    """Load a result saved by :func:`save_result` or ``escalation-sim run``."""
    d = Path(path)
    mpath = d / "manifest.json"
    if not mpath.is_file():
        raise ResultError(f"{d}: no manifest.json - not a result directory, or incomplete")
    try:
        man = json.loads(mpath.read_text())
    except json.JSONDecodeError as exc:
        raise ResultError(f"{mpath}: not valid JSON ({exc})") from None
    if not man.get("complete"):
        raise ResultError(f"{mpath}: result is incomplete")
    params = ScenarioParams.model_validate(man["resolved_scenario"])
    scenario = Scenario(
        params,
        man.get("scenario_source", str(d)),
        tuple(man.get("scenario_chain", ())),
        tuple(man.get("overrides", ())),
    )
    tables = {}
    for name in TABLES:
        f = d / f"{name}.parquet"
        if name in man.get("tables", []):
            if not f.is_file():
                raise ResultError(f"{f}: missing (the manifest lists it)")
            tables[name] = pd.read_parquet(f)
    dist = DistributionRecorder(man["horizon_weeks"])
    dframe = pd.read_parquet(d / "distributions.parquet")
    for s in SERIES:
        part = dframe[dframe["series"] == s.name]
        hist = part[part["bin"] >= 0]
        dist.counts[s.name][hist["week"].to_numpy(), hist["bin"].to_numpy()] = hist["value"]
        for code, target in ((-1, dist.sums), (-2, dist.outside), (-3, dist.mins), (-4, dist.maxs)):
            extra = part[part["bin"] == code]
            target[s.name][extra["week"].to_numpy()] = extra["value"].to_numpy()
    dist.n = man["replicates"]
    return EnsembleResult(
        scenario=scenario,
        seed=man["seed"],
        replicates=man["replicates"],
        outcomes=tables["outcomes"],
        distributions=dist,
        trajectories=tables.get("trajectories"),
        events=tables.get("events"),
        meta={
            "first_replicate": man.get("first_replicate", 0),
            "manifest": man,
            "directory": str(d),
        },
    )
