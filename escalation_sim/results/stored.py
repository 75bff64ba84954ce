"""Per-replicate tables as they are gathered chunk by chunk: in memory, or streamed to Parquet.

An ensemble produces its outcomes, events and trajectories one chunk of replicates at a time.
A :class:`MemorySink` keeps the chunks and joins them at the end (notebooks, small runs); a
:class:`ParquetSink` appends each chunk to its Parquet file as soon as it is done, so that memory
stays bounded by one chunk whatever the replicate count, and hands back :class:`StoredTable`
objects that read the file only when asked - whole, a few columns, or the rows of some
replicates.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ResultError
from .layout import RunIdentity, TableWriter, file_metadata, from_file


class StoredTable:
    """A table in a Parquet file, read on demand, in its in-memory layout (see
    :mod:`escalation_sim.results.layout`: the file's identity columns are left out, its nulls
    and lists read as the engine's frames hold them).

    Parameters
    ----------
    path
        The Parquet file.
    rows
        Its number of rows, when known (saves opening the file to count them).
    """

    def __init__(self, path: Path, rows: int | None = None) -> None:
        self.path = Path(path)
        self._rows = rows

    def read(self, columns: list[str] | None = None, filters: list | None = None) -> pd.DataFrame:
        """The table, or some of its columns, or the rows that pass pyarrow ``filters``
        (e.g. ``[("replicate", "<", 5)]``, which skips row groups that cannot match)."""
        try:
            return from_file(pq.read_table(self.path, columns=columns, filters=filters))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise ResultError(f"{self.path}: cannot be read: damaged ({exc})") from None

    def batches(self, columns: list[str], rows: int = 1 << 16):
        """The table in record batches of a few columns (``rows`` rows at most), as data
        frames."""
        try:
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=rows, columns=columns):
                yield from_file(pa.Table.from_batches([batch]))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise ResultError(f"{self.path}: cannot be read: damaged ({exc})") from None

    def row_groups(self, columns: list[str] | None = None):
        """The whole table (or some of its columns), one row group - a chunk of whole
        replicates as it was streamed - at a time."""
        try:
            parquet = pq.ParquetFile(self.path)
            if not parquet.num_row_groups:  # an empty table (an event log with no firing)
                empty = parquet.schema_arrow.empty_table()
                yield from_file(empty.select(columns) if columns is not None else empty)
            for i in range(parquet.num_row_groups):
                yield from_file(parquet.read_row_group(i, columns=columns))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise ResultError(f"{self.path}: cannot be read: damaged ({exc})") from None

    def __len__(self) -> int:
        if self._rows is None:
            self._rows = pq.ParquetFile(self.path).metadata.num_rows
        return self._rows

    def __repr__(self) -> str:
        return f"<StoredTable {self.path.name}>"


def concat_chunks(frames: list[pd.DataFrame], empty: pd.DataFrame | None = None) -> pd.DataFrame:
    """Join chunk frames. A categorical column whose chunks have different categories (the
    event log's actor names, by first appearance) stays categorical, over their union."""
    frames = [f for f in frames if len(f)] or frames[:1]
    if not frames:
        return empty if empty is not None else pd.DataFrame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    out = pd.concat(frames, ignore_index=True)
    for c in frames[0].select_dtypes("category"):
        if not isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype("category")
    return out


class MemorySink:
    """Gathers chunk frames in memory; :meth:`finish` joins them."""

    def __init__(self) -> None:
        self._frames: dict[str, list[pd.DataFrame]] = {}

    def add(self, name: str, frame: pd.DataFrame) -> None:
        self._frames.setdefault(name, []).append(frame)

    def finish(self, empty: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """One frame per table (``empty[name]`` for a table that got no rows)."""
        names = {*self._frames, *empty}
        return {n: concat_chunks(self._frames.get(n, []), empty.get(n)) for n in names}


class ParquetSink:
    """Appends chunk frames to ``<directory>/<table>.parquet`` as they come.

    Given ``run``, what is known of the run before it starts
    (:func:`~escalation_sim.results.manifest.run_manifest`), the files are written in the tidy
    layout of :mod:`escalation_sim.results.layout`, as a result keeps them, with ``run`` as
    their metadata. Without it they are working files in the in-memory layout, which
    :func:`~escalation_sim.results.store.write_tables` rewrites, a row group at a time.

    Every chunk of a table must have the same columns and dtypes; categorical columns may have
    different categories per chunk (they are dictionary-encoded per row group, and read back as
    one categorical).
    """

    def __init__(
        self,
        directory: Path,
        run: dict | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(
            parents=True, exist_ok=True
        )  # simulate(directory=...) may name a new one
        self.identity = None if run is None else RunIdentity.of_manifest(run)
        self.metadata = None if run is None else file_metadata(run)
        self._writers: dict[str, TableWriter] = {}

    def add(self, name: str, frame: pd.DataFrame) -> None:
        writer = self._writers.get(name)
        if writer is None:
            path = self.directory / f"{name}.parquet"
            writer = self._writers[name] = TableWriter(path, self.identity, self.metadata)
        elif not len(frame):
            return
        writer.write(frame)

    def finish(self, empty: dict[str, pd.DataFrame]) -> dict[str, StoredTable]:
        """Close every file (writing ``empty[name]`` for a table that got no chunk)."""
        for name, frame in empty.items():
            if name not in self._writers:
                self.add(name, frame)
        rows = {n: w.rows for n, w in self._writers.items()}
        self.close()
        return {n: StoredTable(self.directory / f"{n}.parquet", r) for n, r in rows.items()}

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
