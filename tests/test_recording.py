"""Streaming distributions: quantiles and means agree with the full trajectories; results
survive a save/load round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from escalation_sim import load_scenario, simulate
from escalation_sim.engine.recording import SERIES_BY_NAME
from escalation_sim.results.store import load_result, save_result


@pytest.fixture(scope="module")
def spiral():
    # reactivity far above fatigue: armament grows to the hundreds within a year
    sc = load_scenario(
        "arms_race_spiral", ["arms_race.reactivity_russia=0.2", "arms_race.reactivity_west=0.2"]
    )
    return simulate(sc, replicates=400, seed=1, events=False)


@pytest.mark.parametrize("series", ["arms_russia", "involvement", "ladder_nato", "tension_asia"])
def test_streamed_quantiles_match_full_trajectories(spiral, series):
    q = spiral.quantiles()
    t = spiral.trajectories
    s = SERIES_BY_NAME[series]
    for week in (0, 26, 52):
        vals = t.loc[t["week"] == week, series].to_numpy(np.float64)
        row = q[(q["series"] == series) & (q["week"] == week)].iloc[0]
        assert row["mean"] == pytest.approx(vals.mean(), rel=1e-6)
        for col, p in (("q05", 0.05), ("q25", 0.25), ("q50", 0.5), ("q75", 0.75), ("q95", 0.95)):
            exact = np.quantile(vals, p, method="inverted_cdf")
            if s.integer:
                assert row[col] == exact
            elif s.log:
                assert row[col] == pytest.approx(exact, rel=0.005)  # one log bin
            else:
                assert abs(row[col] - exact) <= (s.hi - s.lo) / s.bins + 1e-6
        assert row["out_of_range"] == 0.0
    assert q.loc[(q["series"] == "arms_russia") & (q["week"] == 52), "q50"].iloc[0] > 100


def test_save_load_round_trip_keeps_every_table(tmp_path):
    r = simulate("worst_case", replicates=120, seed=3)
    save_result(r, tmp_path / "res", command=["test"])
    back = load_result(tmp_path / "res")
    pd.testing.assert_frame_equal(back.outcomes, r.outcomes)
    pd.testing.assert_frame_equal(back.trajectories, r.trajectories)
    pd.testing.assert_frame_equal(back.events.astype(object), r.events.astype(object))
    pd.testing.assert_frame_equal(back.quantiles(), r.quantiles())
    pd.testing.assert_frame_equal(back.occupancy(), r.occupancy())
    assert back.summary() == r.summary()
    assert back.scenario.hash == r.scenario.hash


def test_missing_numbers_are_none_in_the_summary_and_null_in_its_json(tmp_path):
    # no transfer in any replicate: the regions' shares are over no replicates
    sc = load_scenario("baseline", ["russia.transfer_follow_through=0.0", "horizon_weeks=4"])
    r = simulate(sc, replicates=5, seed=1)
    summary = r.summary()
    assert all(reg.count == 0 and reg.share.p is None for reg in summary.first_transfer_regions)
    save_result(r, tmp_path / "res", command=["test"])
    saved = (tmp_path / "res" / "summary.json").read_text()
    assert saved == summary.to_json() + "\n" and '"share": null' in saved
    assert load_result(tmp_path / "res").summary() == summary


def test_a_streamed_result_saved_elsewhere_loads_back_as_the_in_memory_one(tmp_path):
    r = simulate("worst_case", replicates=70, seed=3)
    (tmp_path / "stream").mkdir()
    streamed = simulate("worst_case", 70, 3, chunk_size=30, directory=tmp_path / "stream")
    save_result(streamed, tmp_path / "res", command=["test"])  # copied in the tidy layout
    back = load_result(tmp_path / "res")
    pd.testing.assert_frame_equal(back.outcomes, r.outcomes)
    pd.testing.assert_frame_equal(back.trajectories, r.trajectories)
    pd.testing.assert_frame_equal(back.events.astype(object), r.events.astype(object))
    assert back.event_counts().equals(r.event_counts())
    one, fresh = back.replicate_events(4), r.replicate_events(4)
    pd.testing.assert_frame_equal(one.astype(object), fresh.astype(object))  # chunks' categories
    assert back.summary() == r.summary()


def test_streaming_an_event_log_whose_first_chunks_are_empty(tmp_path):
    """An empty first chunk has no types for its text columns; the file takes them from the
    first chunk with rows, and reads back as the run held in memory."""
    from escalation_sim import load_scenario
    from escalation_sim.rules import REGISTRY

    sc = load_scenario("baseline", ["horizon_weeks=3"])
    off = [r.id for r in REGISTRY if r.id != "russia.assist_recipient"]
    memory = simulate(sc, 40, 3, disabled=off, chunk_size=1)
    streamed = simulate(sc, 40, 3, disabled=off, chunk_size=1, directory=tmp_path / "new")
    assert 0 < len(memory.events) < 40  # some chunks have no event, the first among them
    first = memory.events["replicate"].min()
    assert first > 0
    pd.testing.assert_frame_equal(
        streamed.events.astype(object), memory.events.astype(object), check_dtype=False
    )


def test_firings_counted_while_running_equal_the_log(tmp_path):
    """The firing counts the network figure draws are counted chunk by chunk during the run;
    they equal a count of the whole event log, in memory, streamed, saved and loaded."""
    from escalation_sim.results.result import count_firings

    memory = simulate("worst_case", 300, 4, chunk_size=70)
    assert memory.fired is not None
    expected = count_firings([memory.events])
    pd.testing.assert_frame_equal(memory.event_counts(), expected)
    streamed = simulate("worst_case", 300, 4, chunk_size=70, directory=tmp_path / "s")
    pd.testing.assert_frame_equal(streamed.event_counts(), expected)
    save_result(memory, tmp_path / "saved")
    loaded = load_result(tmp_path / "saved")
    pd.testing.assert_frame_equal(loaded.event_counts(), expected, check_dtype=False)
    # a result saved before the counts were recorded counts its log instead
    (tmp_path / "saved" / "event_counts.parquet").unlink()
    older = load_result(tmp_path / "saved")
    assert older.fired is None
    pd.testing.assert_frame_equal(older.event_counts(), expected, check_dtype=False)
    # a filtered log is counted anew, not read from the run's counts
    first = memory.replace(events=memory.events[memory.events["replicate"] == 0])
    assert first.event_counts()["count"].sum() == (memory.events["replicate"] == 0).sum()
