"""The Parquet tables of a result are tidy and self-describing: run identity as columns, the
manifest as metadata, nulls instead of sentinels, one fact per column; they concatenate across
runs and read back into the in-memory layout."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from escalation_sim import simulate
from escalation_sim.results.distributions import distribution_frame, read_distributions
from escalation_sim.results.layout import IDENTITY_COLUMNS, METADATA_KEY, file_manifest
from escalation_sim.results.manifest import run_manifest
from escalation_sim.results.store import load_result, save_result, write_tables
from escalation_sim.results.stored import ParquetSink
from escalation_sim.rules import REGISTRY

FILES = ("outcomes", "events", "trajectories", "distributions", "quantiles")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    result = simulate("worst_case", replicates=40, seed=5)
    out = save_result(result, tmp_path_factory.mktemp("tidy") / "res", command=["test", "run"])
    return result, out


def test_every_table_names_its_run_in_its_first_columns(saved):
    result, out = saved
    for name in FILES:
        table = pq.read_table(out / f"{name}.parquet")
        assert tuple(table.column_names[:3]) == IDENTITY_COLUMNS, name
        frame = table.select(list(IDENTITY_COLUMNS)).to_pandas()
        assert set(frame["scenario"].astype(str)) == {"worst_case"}, name
        assert set(frame["scenario_hash"].astype(str)) == {result.scenario.hash}, name
        assert frame["seed"].dtype == np.uint64 and set(frame["seed"]) == {5}, name
        # dictionary-encoded: a one-entry dictionary and small indices, not a string per row
        assert pa.types.is_dictionary(table.schema.field("scenario").type), name


def test_every_table_carries_the_manifest_json_holds(saved):
    _, out = saved
    manifest = json.loads((out / "manifest.json").read_text())
    directory_only = {"tool", "format_version", "files"}
    expected = {k: v for k, v in manifest.items() if k not in directory_only}
    assert expected["command"] == ["test", "run"]
    for name in FILES:
        assert file_manifest(out / f"{name}.parquet") == expected, name


def test_events_have_nulls_for_no_level_and_paragraphs_as_lists(saved):
    result, out = saved
    disk = pd.read_parquet(out / "events.parquet")
    mem = result.events
    assert len(disk) == len(mem) and len(disk) > 0
    for col in ("level_before", "level_after"):
        assert str(disk[col].dtype) == "Int8"
        assert (disk[col].isna().to_numpy() == (mem[col] == -1).to_numpy()).all()
        assert disk[col].isna().any() and disk[col].notna().any()
        assert not (disk[col].dropna() < 0).any()
    schema = pq.read_schema(out / "events.parquet")
    assert schema.field("paragraphs").type == pa.list_(pa.string())
    cites = {r.id: list(r.paragraphs) for r in REGISTRY}
    for rule, paragraphs in zip(disk["rule"].astype(str), disk["paragraphs"], strict=True):
        assert list(paragraphs) == cites[rule]


def test_distributions_keep_statistics_apart_from_bins(saved):
    result, out = saved
    frame = pd.read_parquet(out / "distributions.parquet")
    assert list(frame.columns) == [*IDENTITY_COLUMNS, "series", "week", "statistic", "bin", "value"]
    counts = frame["statistic"] == "count"
    assert set(frame["statistic"].astype(str)) == {"count", "sum", "out_of_range", "min", "max"}
    assert frame.loc[counts, "bin"].notna().all() and (frame.loc[counts, "bin"] >= 0).all()
    assert frame.loc[~counts, "bin"].isna().all()
    dist = result.distributions
    nato = frame[(frame["series"] == "ladder_nato") & (frame["week"] == 10)]
    by = nato.set_index("statistic", drop=False)
    assert by.loc["sum", "value"] == dist.sums["ladder_nato"][10]
    assert by.loc["max", "value"] == dist.maxs["ladder_nato"][10]
    hist = nato[nato["statistic"] == "count"]
    assert hist["value"].sum() == result.replicates


def test_distributions_of_the_earlier_layout_still_read():
    dist = simulate("baseline", replicates=30, seed=2).distributions
    tidy = distribution_frame(dist)
    # before: the per-week statistics were coded in `bin` as -1 (sum) .. -4 (max), no statistic
    codes = {"count": 0, "sum": -1, "out_of_range": -2, "min": -3, "max": -4}
    legacy = tidy.drop(columns="statistic")
    legacy["bin"] = np.where(
        tidy["statistic"] == "count",
        tidy["bin"].fillna(0),
        tidy["statistic"].astype(str).map(codes),
    ).astype(np.int16)
    for frame in (tidy, legacy):
        back = read_distributions(frame, dist.weeks, dist.n)
        pd.testing.assert_frame_equal(back.quantiles(), dist.quantiles())


def test_tables_of_two_runs_concatenate_and_stay_apart(tmp_path):
    runs = {("baseline", 1): 25, ("worst_case", 2): 30, ("baseline", 3): 20}
    for (name, seed), n in runs.items():
        save_result(simulate(name, replicates=n, seed=seed), tmp_path / f"{name}-{seed}")
    for table in FILES:
        frames = [pd.read_parquet(tmp_path / f"{n}-{s}" / f"{table}.parquet") for n, s in runs]
        both = pd.concat(frames, ignore_index=True)
        assert len(both) == sum(len(f) for f in frames)
        keys = both.groupby([both["scenario"].astype(str), both["seed"]]).size()
        assert len(keys) == len(runs), table
        if table == "outcomes":  # one row per replicate of each run
            assert keys.to_dict() == runs


def test_a_streamed_result_has_the_same_tidy_tables_and_loads_back(tmp_path):
    fresh = simulate("baseline", replicates=60, seed=4)
    streamed_dir = tmp_path / "streamed"
    streamed_dir.mkdir()
    streamed = simulate("baseline", replicates=60, seed=4, chunk_size=25, directory=streamed_dir)
    write_tables(streamed, streamed_dir, manifest={"made": "here"})
    save_result(fresh, tmp_path / "saved")
    for name in ("outcomes", "events", "trajectories"):
        a = pd.read_parquet(streamed_dir / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "saved" / f"{name}.parquet")
        assert list(a.columns) == list(b.columns), name
        assert set(a["seed"]) == {4}, name
        # chunked streaming may differ in a categorical's category order, not in a value
        pd.testing.assert_frame_equal(a.astype(object), b.astype(object), check_dtype=False)
        # the in-memory layout is what the streamed result reads, as a fresh one holds it
        pd.testing.assert_frame_equal(
            getattr(streamed, name).astype(object), getattr(fresh, name).astype(object)
        )
    back = load_result(tmp_path / "saved")
    assert back.events["level_before"].dtype == np.int8
    assert (back.events["level_before"] == -1).any()
    pd.testing.assert_frame_equal(back.events.astype(object), fresh.events.astype(object))


def test_a_sink_that_knows_its_run_streams_the_tidy_layout_kept_as_is(tmp_path):
    result = simulate("baseline", replicates=30, seed=6)
    run = run_manifest(result.scenario, 6, 30, events=True, trajectories=False)
    sink = ParquetSink(tmp_path, run)
    for part in (result.outcomes.iloc[:10], result.outcomes.iloc[10:]):
        sink.add("outcomes", part)
    for rep in (range(0, 15), range(15, 30)):
        sink.add("events", result.events[result.events["replicate"].isin(rep)])
    stored = sink.finish({})
    tables = {"outcomes": stored["outcomes"], "events": stored["events"], "trajectories": None}
    streamed = result.replace(**tables)
    before = (tmp_path / "events.parquet").stat().st_mtime_ns
    write_tables(streamed, tmp_path, manifest={"complete": True})
    # already tidy: not rewritten, and it keeps what was known when the run started
    assert (tmp_path / "events.parquet").stat().st_mtime_ns == before
    assert file_manifest(tmp_path / "events.parquet") == json.loads(json.dumps(run))
    assert file_manifest(tmp_path / "quantiles.parquet") == {"complete": True}
    disk = pd.read_parquet(tmp_path / "events.parquet")
    assert str(disk["level_before"].dtype) == "Int8" and set(disk["seed"]) == {6}
    pd.testing.assert_frame_equal(
        streamed.events.astype(object), result.events.astype(object), check_index_type=False
    )
    pd.testing.assert_frame_equal(streamed.outcomes, result.outcomes)


def test_the_metadata_key_is_the_documented_one(saved):
    _, out = saved
    meta = pq.read_schema(out / "outcomes.parquet").metadata
    assert METADATA_KEY == b"escalation_sim.manifest" and METADATA_KEY in meta
