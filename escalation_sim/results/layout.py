"""How a result's tables look in their Parquet files: tidy and self-describing.

A table file read on its own says which run it comes from, so that the tables of several runs
can be concatenated (``pd.concat``) and still be told apart, and it holds no sentinel or packed
value that a reader has to know about:

- **run identity**: the first columns of every table are ``scenario`` (its name),
  ``scenario_hash`` and ``seed`` (``uint64``), the same in every row; name and hash are
  dictionary-encoded (a categorical), so they cost about a byte per row in memory and next to
  nothing on disk (one dictionary entry and a run-length-encoded index per page);
- **the manifest as file metadata**: the schema metadata key :data:`METADATA_KEY`
  (``b"escalation_sim.manifest"``) holds, as JSON, the manifest of the run as
  :func:`~escalation_sim.results.manifest.build_manifest` builds it - resolved scenario and its
  hash, seed, replicates, first replicate, horizon, tables, versions, command, time and
  platform. ``manifest.json`` holds the same plus what only the whole directory knows (the
  writer, the format version and the list of files). A table streamed to disk while the run
  went carries what was known when it started
  (:func:`~escalation_sim.results.manifest.run_manifest`: all of it but ``complete`` and
  ``command``, with the start time). :func:`file_manifest` reads it back;
- **missing values are null**: an event that moved no ladder has ``level_before`` and
  ``level_after`` null (``Int8`` with ``<NA>`` in pandas), not -1;
- **one fact per column**: ``paragraphs`` of the event log is a list of strings
  (``["P4", "P8"]``), not ``"P4,P8"``.

In memory, the per-replicate tables keep the layout the engine builds (no identity columns,
since a result knows its scenario and seed; -1 for no level; ``paragraphs`` a categorical of
``"P4,P8"`` strings), which the analyses, plots and explanations read. :func:`to_file` and
:func:`from_file` convert one way and the other at the Parquet boundary, a chunk at a time, and
:func:`from_file` also reads the tables of earlier versions, which had neither identity columns
nor nulls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

if TYPE_CHECKING:  # pragma: no cover
    from .result import EnsembleResult

#: The columns that name the run in every table file, first and in this order.
IDENTITY_COLUMNS = ("scenario", "scenario_hash", "seed")
#: The schema metadata key that holds the run's manifest (JSON) in every table file.
METADATA_KEY = b"escalation_sim.manifest"
#: Event-log columns holding a ladder level: -1 in memory where no ladder moved, null on disk.
LEVEL_COLUMNS = ("level_before", "level_after")
#: The event-log column of the article paragraphs a rule cites: a list on disk.
PARAGRAPHS = "paragraphs"
#: Rows per row group when writing a table held in memory (a streamed table keeps its chunks).
ROWS_PER_GROUP = 1 << 20


@dataclass(frozen=True)
class RunIdentity:
    """What tells the tables of one run from another's: scenario name and hash, root seed."""

    scenario: str
    scenario_hash: str
    seed: int

    @classmethod
    def of(cls, result: EnsembleResult) -> RunIdentity:
        return cls(result.scenario.name, result.scenario.hash, int(result.seed))

    @classmethod
    def of_manifest(cls, manifest: dict) -> RunIdentity:
        return cls(manifest["scenario"], manifest["scenario_hash"], int(manifest["seed"]))

    def columns(self, n: int) -> dict[str, object]:
        """The identity columns for ``n`` rows: one-category categoricals and a ``uint64``."""
        codes = np.zeros(n, np.int8)
        return {
            "scenario": pd.Categorical.from_codes(codes, categories=[self.scenario]),
            "scenario_hash": pd.Categorical.from_codes(codes, categories=[self.scenario_hash]),
            "seed": np.full(n, self.seed, np.uint64),
        }


def file_metadata(manifest: dict) -> dict[bytes, bytes]:
    """The schema metadata every table file of a run carries: its manifest as JSON."""
    return {METADATA_KEY: json.dumps(manifest).encode("utf-8")}


def file_manifest(path: Path | str) -> dict | None:
    """The manifest a table file carries (read from its footer), or ``None`` for a file
    written without one (by an earlier version, or streamed and not yet saved)."""
    meta = pq.ParquetFile(path).schema_arrow.metadata or {}
    raw = meta.get(METADATA_KEY)
    return None if raw is None else json.loads(raw)


def to_file(frame: pd.DataFrame, identity: RunIdentity) -> pd.DataFrame:
    """The rows of ``frame`` (a table in its in-memory layout) as its file stores them: the
    identity columns first, levels null where none, ``paragraphs`` as lists."""
    out = frame.reset_index(drop=True)
    for i, (name, column) in enumerate(identity.columns(len(out)).items()):
        out.insert(i, name, column)
    for name in LEVEL_COLUMNS:
        if name in out.columns and isinstance(out[name].dtype, np.dtype):  # not yet nullable
            values = out[name].to_numpy()
            out[name] = pd.arrays.IntegerArray(values, mask=values < 0)
    if PARAGRAPHS in out.columns and isinstance(out[PARAGRAPHS].dtype, pd.CategoricalDtype):
        cats = out[PARAGRAPHS].cat.categories
        # one list per distinct value, shared by its rows; code -1 (missing) picks the None
        lists = np.empty(len(cats) + 1, dtype=object)
        for i, text in enumerate(cats):
            lists[i] = str(text).split(",") if text else []
        out[PARAGRAPHS] = lists[out[PARAGRAPHS].cat.codes.to_numpy()]
    return out


def to_arrow(frame: pd.DataFrame, identity: RunIdentity) -> pa.Table:
    """:func:`to_file` as an Arrow table, with ``paragraphs`` typed even when empty."""
    table = pa.Table.from_pandas(to_file(frame, identity), preserve_index=False)
    i = table.schema.get_field_index(PARAGRAPHS)
    if i >= 0 and not pa.types.is_list(table.schema.field(i).type):
        table = table.set_column(i, PARAGRAPHS, table.column(i).cast(pa.list_(pa.string())))
    return table


def from_file(table: pa.Table) -> pd.DataFrame:
    """Rows read from a table file (either layout) in the in-memory layout: without identity
    columns, -1 for no level, ``paragraphs`` a categorical of comma-joined paragraphs."""
    table = table.drop_columns([c for c in IDENTITY_COLUMNS if c in table.column_names])
    i = table.schema.get_field_index(PARAGRAPHS)
    if i >= 0 and pa.types.is_list(table.schema.field(i).type):
        joined = pc.binary_join(table.column(i), ",").cast(pa.string())
        table = table.set_column(i, PARAGRAPHS, pc.dictionary_encode(joined))
    frame = table.to_pandas()
    for name in LEVEL_COLUMNS:
        if name in frame.columns and frame[name].dtype != np.int8:
            frame[name] = frame[name].fillna(-1).astype(np.int8)
    if PARAGRAPHS in frame.columns and isinstance(frame[PARAGRAPHS].dtype, pd.CategoricalDtype):
        # the engine's categories are sorted (pd.Categorical of the values); keep them so
        frame[PARAGRAPHS] = frame[PARAGRAPHS].cat.reorder_categories(
            sorted(frame[PARAGRAPHS].cat.categories)
        )
    return frame


class TableWriter:
    """One table file written a part (a chunk of replicates) at a time, so that memory holds
    one part, each part a row group or more.

    With an ``identity`` the parts, given in the in-memory layout, are written in the file
    layout with ``metadata`` in the schema; without one, as they are (the working files of a
    stream that does not know its run). Parts may differ in their categories (the event log's
    actors by first appearance): each row group keeps its own dictionary, and the file reads
    back as one categorical.
    """

    def __init__(
        self,
        path: Path,
        identity: RunIdentity | None = None,
        metadata: dict[bytes, bytes] | None = None,
    ) -> None:
        self.path, self.identity, self.metadata = Path(path), identity, metadata or {}
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        #: an empty first part, kept until a part with rows gives the columns their types (an
        #: empty text column has none: Arrow types it null, which no later part casts to)
        self._empty: pa.Table | None = None

    def write(self, frame: pd.DataFrame) -> None:
        if self.identity is None:
            table = pa.Table.from_pandas(frame, preserve_index=False)
        else:
            table = to_arrow(frame, self.identity)
        if self._writer is None:
            if not table.num_rows:
                if self._empty is None:
                    self._empty = table
                return
            self._open(table.schema)
        elif not table.schema.equals(self._writer.schema, check_metadata=False):
            table = table.cast(self._writer.schema)
        self._writer.write_table(table, row_group_size=ROWS_PER_GROUP)
        self.rows += table.num_rows

    def _open(self, schema: pa.Schema) -> None:
        schema = schema.with_metadata({**(schema.metadata or {}), **self.metadata})
        self._writer = pq.ParquetWriter(self.path, schema)

    def close(self) -> None:
        if self._writer is None and self._empty is not None:  # no part had rows: an empty file
            self._open(self._empty.schema)
            self._writer.write_table(self._empty)
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def write_table(path: Path, parts, identity: RunIdentity, metadata: dict[bytes, bytes]) -> int:
    """Write the in-memory-layout frames ``parts`` (at least one) as one table file in the
    file layout (see :class:`TableWriter`); returns the number of rows written."""
    writer = TableWriter(path, identity, metadata)
    try:
        for part in parts:
            writer.write(part)
    finally:
        writer.close()
    return writer.rows


def has_identity(path: Path) -> bool:
    """Whether a table file is in the file layout (it has the identity columns)."""
    return set(IDENTITY_COLUMNS) <= set(pq.ParquetFile(path).schema_arrow.names)


def slices(frame: pd.DataFrame, rows: int = ROWS_PER_GROUP):
    """``frame`` in consecutive slices of at most ``rows`` rows (one slice if empty)."""
    yield frame.iloc[:rows]
    for start in range(rows, len(frame), rows):
        yield frame.iloc[start : start + rows]
