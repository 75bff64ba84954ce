"""The files of a result: Parquet tables, ``summary.json`` and ``manifest.json``, written and
read back.

Writing goes into a directory claimed by :func:`escalation_sim.results.outdir.atomic_dir`, so an
interrupted run never leaves a directory that looks whole, and :func:`load_result` refuses one
without a complete manifest.

Every table is tidy and self-describing (:mod:`escalation_sim.results.layout`): its first
columns are ``scenario``, ``scenario_hash`` and ``seed``, and its metadata holds the manifest.
After them:

``outcomes.parquet``, one row per replicate
    ``replicate``, ``outcome`` (the class), ``outcome_week``, ``outcome_region`` (the region of
    a regional war, null otherwise), the key-event weeks (null where it never happened),
    ``direct_path``, ``first_transfer_region``, counts, permission and ceasefire at the
    horizon, ``escalation_score``, peaks.
``events.parquet``, one row per rule firing
    ``replicate``, ``week``, ``actor``, ``rule``, ``action``, ``paragraphs`` (a list:
    ``["P4", "P8"]``), ``category``, ``score``, ``target``, ``theatre``, ``level_before`` and
    ``level_after`` (null when the act moved no ladder).
``trajectories.parquet``, one row per (replicate, week)
    ``replicate``, ``week``, one column per series of
    :data:`~escalation_sim.engine.recording.SERIES`.
``distributions.parquet``, the per-week histograms and statistics of every series
    ``series``, ``week``, ``statistic``, ``bin``, ``value``: ``statistic`` ``"count"`` rows
    hold a histogram bin's count (``bin`` >= 0, non-zero bins only); ``"sum"``,
    ``"out_of_range"``, ``"min"`` and ``"max"`` rows hold that week's exact statistic, with
    ``bin`` null; the series ``reached_<theatre>`` count runs by the highest level their ladder
    there has reached so far (see :mod:`escalation_sim.results.distributions`).
``event_counts.parquet``, one row per (rule, actor, target) that fired
    ``rule``, ``actor``, ``target`` (``""`` where none), ``count``: firings over the whole
    ensemble, counted while it ran (what the actor network draws, whatever the log's size).
``quantiles.parquet``, one row per (series, week)
    ``series``, ``week``, ``mean``, ``q05`` ... ``q95``, ``out_of_range``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from ..core.rng import REPLICATE_LIMIT, SEED_LIMIT
from ..errors import ResultError
from ..scenarios.loader import Scenario
from ..scenarios.schema import ScenarioParams
from .distributions import distribution_frame, read_distributions
from .layout import RunIdentity, file_metadata, from_file, has_identity, slices, write_table
from .manifest import build_manifest
from .outdir import atomic_dir
from .result import TABLES, EnsembleResult
from .stored import StoredTable


def write_tables(result: EnsembleResult, directory: Path, manifest: dict | None = None) -> None:
    """Write every table and the summary into an existing directory, in the tidy layout of
    :mod:`escalation_sim.results.layout`: each table file carries the run's identity as
    columns and ``manifest`` as metadata.

    Parameters
    ----------
    result
        The ensemble to write.
    directory
        An existing directory (usually the staging folder of
        :func:`~escalation_sim.results.outdir.atomic_dir`, which writes the manifest last).
        Tables the ensemble streamed into it are rewritten in place, a chunk at a time.
    manifest
        The run's manifest, as :func:`~escalation_sim.results.manifest.build_manifest` built
        it for ``manifest.json`` (default: built here, with this process's command line).
    """
    d = Path(directory)
    if manifest is None:
        manifest = build_manifest(result)
    identity, metadata = RunIdentity.of(result), file_metadata(manifest)
    for name in result.tables:
        target = d / f"{name}.parquet"
        stored = result.stored(name)
        parts = slices(getattr(result, name)) if stored is None else stored.row_groups()
        if stored is None or stored.path.resolve() != target.resolve():
            write_table(target, parts, identity, metadata)
            continue
        if has_identity(target):  # streamed here in the file layout: keep it as it is
            continue
        # streamed here as a working file: rewrite it beside, then put it in its place
        staged = target.with_name(f".{target.name}.rewrite")
        try:
            write_table(staged, parts, identity, metadata)
            staged.replace(target)
        finally:
            staged.unlink(missing_ok=True)
    frames = {
        "distributions": distribution_frame(result.distributions),
        "quantiles": result.quantiles(),
    }
    if result.fired is not None:  # counted while the run went: the network figure reads it
        frames["event_counts"] = result.fired
    for name, frame in frames.items():
        write_table(d / f"{name}.parquet", [frame], identity, metadata)
    (d / "summary.json").write_text(result.summary().to_json() + "\n")


def save_result(
    result: EnsembleResult, path: Path, *, force: bool = False, command: list[str] | None = None
) -> Path:
    """Save ``result`` atomically into ``path`` (see the module docstring).

    ``force`` replaces an earlier result there; ``command`` is recorded in the manifest
    (default: this process's command line).
    """
    manifest = build_manifest(result, command)
    with atomic_dir(Path(path), force) as out:
        write_tables(result, out.path, manifest)
        out.manifest = manifest
    return Path(path)


def load_result(path: Path | str) -> EnsembleResult:
    """Load a result saved by :func:`save_result` or ``escalation-sim run``.

    Raises
    ------
    ResultError
        If ``path`` holds no complete, readable result, naming the file at fault: no or an
        incomplete manifest, one that is not a JSON object or lacks a field or holds a wrong
        value, a listed table missing, truncated or not Parquet, or tables that disagree with
        the manifest.
    """
    d = Path(path)
    mpath = d / "manifest.json"
    man = _read_manifest(mpath)
    try:
        params = ScenarioParams.model_validate(man["resolved_scenario"])
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in ("resolved_scenario", *first["loc"]))
        raise ResultError(
            f"{mpath}: {where}: {first['msg']} (got {first.get('input')!r}); "
            "edited, or saved by an incompatible version"
        ) from None
    if params.horizon_weeks != man["horizon_weeks"]:
        raise ResultError(
            f"{mpath}: horizon_weeks is {man['horizon_weeks']} but the resolved scenario's is "
            f"{params.horizon_weeks}"
        )
    scenario = Scenario(
        params,
        man.get("scenario_source", str(d)),
        tuple(man.get("scenario_chain", ())),
        tuple(man.get("overrides", ())),
    )
    tables = {}
    for name in TABLES:
        if name in man["tables"]:
            tables[name] = _stored_table(d / f"{name}.parquet", name, man["replicates"])
    dpath = d / "distributions.parquet"
    try:
        dist = read_distributions(
            _read_table(dpath, "distributions"), man["horizon_weeks"], man["replicates"]
        )
    except (IndexError, ValueError, TypeError) as exc:  # weeks or bins beyond the manifest's
        raise ResultError(
            f"{dpath}: does not match the manifest (horizon_weeks = {man['horizon_weeks']}): {exc}"
        ) from None
    counts = d / "event_counts.parquet"  # (results saved before it was recorded lack it)
    fired = _read_table(counts, "event_counts") if "events" in tables and counts.is_file() else None
    return EnsembleResult(
        scenario=scenario,
        seed=man["seed"],
        replicates=man["replicates"],
        outcomes=tables["outcomes"],
        distributions=dist,
        trajectories=tables.get("trajectories"),
        events=tables.get("events"),
        first_replicate=man.get("first_replicate", 0),
        manifest=man,
        directory=d,
        fired=fired,
    )


def _whole(minimum: int, below: int | None = None):
    def check(v: object) -> bool:
        ok = isinstance(v, int) and not isinstance(v, bool) and v >= minimum
        return ok and (below is None or v < below)

    return check


def _strings(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


#: What :func:`load_result` reads from a manifest: field -> (check, what it must be, whether
#: it is required; results of earlier versions may lack the others).
MANIFEST_FIELDS = {
    "resolved_scenario": (lambda v: isinstance(v, dict), "a table of parameters", True),
    "seed": (_whole(0, SEED_LIMIT), "a whole number with 0 <= seed < 2**64", True),
    "replicates": (_whole(1), "a whole number >= 1", True),
    "horizon_weeks": (_whole(1), "a whole number >= 1", True),
    "tables": (
        lambda v: _strings(v) and TABLES[0] in v and set(v) <= set(TABLES),
        f"a list of table names among {', '.join(TABLES)}, with {TABLES[0]}",
        True,
    ),
    "first_replicate": (_whole(0, REPLICATE_LIMIT), "a whole number >= 0", False),
    "scenario_source": (lambda v: isinstance(v, str), "a path", False),
    "scenario_chain": (_strings, "a list of paths", False),
    "overrides": (_strings, "a list of PATH=VALUE strings", False),
}

#: The columns :func:`load_result` and the analyses rely on in each table.
TABLE_COLUMNS = {
    "outcomes": ("replicate", "outcome"),
    "events": ("replicate", "week", "rule"),
    "trajectories": ("replicate", "week"),
    "distributions": ("series", "week", "bin", "value"),  # and "statistic" since the tidy layout
    "event_counts": ("rule", "actor", "target", "count"),
}


def _read_manifest(mpath: Path) -> dict:
    """``manifest.json`` of a complete result, with every field :func:`load_result` reads
    present and of the right type (see :data:`MANIFEST_FIELDS`)."""
    if not mpath.is_file():
        raise ResultError(
            f"{mpath.parent}: no manifest.json - not a result directory, or incomplete"
        )
    try:
        man = json.loads(mpath.read_bytes())
    except ValueError as exc:  # JSONDecodeError, or bytes that are no Unicode text
        raise ResultError(f"{mpath}: not valid JSON ({exc})") from None
    except OSError as exc:
        raise ResultError(f"{mpath}: cannot be read: {exc.strerror}") from None
    if not isinstance(man, dict):
        raise ResultError(
            f"{mpath}: not a result manifest (a JSON {type(man).__name__}, not an object)"
        )
    if not man.get("complete"):
        raise ResultError(f"{mpath}: result is incomplete")
    if man.get("output", "result") != "result":
        raise ResultError(
            f"{mpath}: the output of escalation-sim {man['output']}, not a result of a run"
        )
    missing = [k for k, (_, _, required) in MANIFEST_FIELDS.items() if required and k not in man]
    if missing:
        raise ResultError(f"{mpath}: lacks {', '.join(missing)} - damaged, or not a result")
    for key, (check, expected, _) in MANIFEST_FIELDS.items():
        if key in man and not check(man[key]):
            raise ResultError(f"{mpath}: {key} must be {expected} (got {man[key]!r})")
    return man


def _stored_table(f: Path, name: str, replicates: int) -> StoredTable:
    """A per-replicate table of a result, checked from its footer alone (present, whole
    Parquet, the columns :data:`TABLE_COLUMNS` lists, the manifest's replicates) and read only
    when asked, so that loading a result of a million replicates costs no memory."""
    if not f.is_file():
        raise ResultError(f"{f}: missing (the manifest lists it)")
    try:
        parquet = pq.ParquetFile(f)  # reads the footer: fails for a truncated file
        columns, rows = parquet.schema_arrow.names, parquet.metadata.num_rows
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise ResultError(
            f"{f}: not a readable Parquet table: truncated or damaged ({exc})"
        ) from None
    lacking = [c for c in TABLE_COLUMNS[name] if c not in columns]
    if lacking:
        raise ResultError(f"{f}: lacks column(s) {', '.join(lacking)} - not a {name} table")
    if name == "outcomes" and rows != replicates:
        raise ResultError(f"{f}: holds {rows} replicates, the manifest says {replicates}")
    return StoredTable(f, rows)


def _read_table(f: Path, name: str, replicates: int | None = None) -> pd.DataFrame:
    """A table of a result, checked: present, whole Parquet, with the columns
    :data:`TABLE_COLUMNS` lists and (per-replicate tables) the manifest's replicates."""
    if not f.is_file():
        raise ResultError(f"{f}: missing (the manifest lists it)")
    try:
        meta = pq.ParquetFile(f).metadata  # reads the footer: fails for a truncated file
        frame = from_file(pq.read_table(f))
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise ResultError(
            f"{f}: not a readable Parquet table: truncated or damaged ({exc})"
        ) from None
    lacking = [c for c in TABLE_COLUMNS[name] if c not in frame.columns]
    if lacking:
        raise ResultError(f"{f}: lacks column(s) {', '.join(lacking)} - not a {name} table")
    if name == "outcomes" and replicates is not None and meta.num_rows != replicates:
        raise ResultError(f"{f}: holds {meta.num_rows} replicates, the manifest says {replicates}")
    return frame
