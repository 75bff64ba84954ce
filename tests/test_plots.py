"""Tests of the plotting package: every figure is produced, readable and titled, and the data
behind the actor network and the incidence curves is exactly what the event log and outcomes say.

The figures are built without pyplot, so no backend needs selecting here; one test checks that
importing and using the package never pulls pyplot in.
"""

from __future__ import annotations

import copy
import itertools
import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from escalation_sim import simulate
from escalation_sim.analysis.compare import compare
from escalation_sim.engine.outcomes import KEY_EVENTS
from escalation_sim.plots import (
    actor_graph,
    actor_network,
    compare_incidence,
    cumulative_incidence,
    difference_chart,
    fan_chart,
    incidence,
    occupancy_heatmap,
    outcome_bars,
    save_all,
)
from escalation_sim.plots.differences import NOT_SIGNIFICANT, TOWARDS_ESCALATION
from escalation_sim.plots.graph import NATO_LADDER, WEST
from escalation_sim.plots.style import pretty, share_text

SCENARIO = "deep_strikes_permitted"
REPLICATES = 300
SEED = 1

#: Share of pixels that must be non-white: a figure with only a title, a note and empty axes
#: stays near 3%; every real figure here is above 9% at 2,000 replicates.
MIN_INK = 0.05


@pytest.fixture(scope="module")
def result():
    return simulate(SCENARIO, replicates=REPLICATES, seed=SEED)


@pytest.fixture(scope="module")
def lean_result():
    """The same ensemble without event log or trajectories (what large runs keep)."""
    return simulate(SCENARIO, replicates=REPLICATES, seed=SEED, events=False, trajectories=False)


@pytest.fixture(scope="module")
def baseline():
    return simulate("baseline", replicates=REPLICATES, seed=SEED, events=False, trajectories=False)


def _overlapping_ticklabels(fig) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty tick labels of one axis whose boxes overlap."""
    fig.draw_without_rendering()  # lays out and places the tick labels
    clashes = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            boxes = [t.get_window_extent() for t in labels]
            for (a, ba), (b, bb) in itertools.combinations(zip(labels, boxes, strict=True), 2):
                if ba.overlaps(bb):
                    clashes.append((a.get_text(), b.get_text()))
    return clashes


def _check_figure(fig, tmp_path, name: str, scenario: str = SCENARIO) -> np.ndarray:
    """Save, read back and check a figure: title, size, resolution, ink, no clashing ticks."""
    assert scenario in fig.get_suptitle()
    assert 110 <= fig.dpi <= 150
    width, height = fig.get_size_inches()
    assert 8 <= width <= 14.5 and 3 <= height <= 12
    for ax in fig.axes:
        # an axes that shows something has artists; an empty one would be a defect
        assert ax.has_data() or ax.get_legend() is not None or ax.texts or ax.patches
    assert _overlapping_ticklabels(fig) == []
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    image = imread(path)
    h, w = image.shape[:2]
    assert 1000 <= w <= 2200 and 350 <= h <= 1800
    ink = (image[..., :3] < 0.97).any(axis=2).mean()
    assert ink > MIN_INK, f"{name}: only {ink:.1%} of the pixels are not white"
    return image


def test_fan_chart(result, tmp_path):
    fig = fan_chart(result)
    _check_figure(fig, tmp_path, "fan")
    assert f"{REPLICATES:,} replicates" in fig.get_suptitle()
    titles = {ax.get_title(loc="left") for ax in fig.axes}
    assert {"Russia-Ukraine war", "Russia-NATO", "Middle East", "Asia", "Latin America"} <= titles
    # the legend names the levels 0..6; the nuclear levels are not reached by any rule
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    assert "0 subcrisis manoeuvring" in legend and "6 nuclear brink" in legend
    assert not any(t.startswith("7 ") for t in legend)


def test_fan_chart_shows_nuclear_levels_only_when_reached(result, tmp_path):
    reached = copy.deepcopy(result)
    # one replicate-week at level 7 ("limited nuclear use") on the Russia-NATO ladder
    reached.distributions.counts["ladder_nato"][10, 7] += 1
    fig = fan_chart(reached)
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    assert "7 limited nuclear use" in legend
    _check_figure(fig, tmp_path, "fan_nuclear")


def test_fan_chart_one_theatre_without_trajectories(lean_result, tmp_path):
    fig = fan_chart(lean_result, theatres=["nato"])  # the engine's counts need no trajectories
    _check_figure(fig, tmp_path, "fan_nato")
    assert len(fig.axes) == 1
    assert fig.legends, "the legend moves below the panel when there is no spare cell"
    assert "not recorded" not in fig.get_suptitle()
    assert fig.axes[0].collections, "the bands are drawn"


def test_fan_chart_of_an_older_result_says_what_it_cannot_show(lean_result, tmp_path):
    import copy

    old = copy.copy(lean_result)
    old.distributions = copy.copy(lean_result.distributions)
    old.distributions.reached = None  # saved before the counts existed, without trajectories
    fig = fan_chart(old, theatres=["nato"])
    _check_figure(fig, tmp_path, "fan_nato_old")
    assert "levels not recorded" in fig.get_suptitle()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "levels reached not shown" in texts  # says what it cannot show rather than faking it
    assert "direct confrontation (level 3+)" in texts  # the exact threshold is still drawn


def test_outcome_bars(result, tmp_path):
    fig = outcome_bars(result)
    _check_figure(fig, tmp_path, "outcomes")
    (ax,) = fig.axes
    table = result.outcome_probabilities()
    assert len(ax.patches) == len(table)  # a bar per class, per path and per region
    shown = {t.get_text().split()[0] for t in ax.texts}
    assert {share_text(p) for p in table["p"]} <= shown
    labels = [t.get_text() for t in ax.get_yticklabels()]
    parts = table["region"].notna() | table["path"].notna()
    assert sum(label.strip().startswith("of which") for label in labels) == parts.sum()
    paths = table["path"].notna().sum()
    assert paths > 0 and sum(" by " in label for label in labels) == paths


def test_cumulative_incidence(result, tmp_path):
    fig = cumulative_incidence(result)
    _check_figure(fig, tmp_path, "incidence")
    legend_text = " ".join(
        t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()
    )
    for event in (
        "first deep strike",
        "first long-range transfer",
        "strike on Western trainers",
        "ceasefire",
        "direct Russia-NATO confrontation",
        "regional war",
        "arms-race spiral",
    ):
        assert event in legend_text
    six = result.scenario.params.outcomes.six_months_weeks
    assert any(np.allclose(line.get_xdata(), six) for ax in fig.axes for line in ax.get_lines()), (
        "a vertical line marks six months"
    )
    # every key event is either a curve or named as held from week 0 (never silently dropped)
    titles = " ".join(ax.get_legend().get_title().get_text() for ax in fig.axes)
    titles = " ".join(titles.split())  # the note is wrapped to its panel's width
    o = result.outcomes
    for col, label in KEY_EVENTS.items():
        held = bool((o[col].to_numpy(float, na_value=-1) == 0).all())
        assert (label in titles) == held, label
        assert held or f"{label} (" in legend_text, label
    assert "Russia declares West a party to the war" in titles  # the rhetoric, from week 0


def test_cumulative_incidence_draws_events_that_never_happened_as_zero(tmp_path):
    """An event no replicate saw is a flat curve at 0%, not an event "held from week 0"."""
    small = simulate("baseline", replicates=20, seed=1, events=False)
    assert small.outcomes["direct_confrontation_week"].isna().all()  # never happened here
    fig = cumulative_incidence(small)
    fig.savefig(tmp_path / "incidence_small.png")  # (a layout warning fails the test)
    right = fig.axes[1].get_legend()
    assert "direct Russia-NATO confrontation (0% by week 52)" in [
        t.get_text() for t in right.get_texts()
    ]
    assert "direct Russia-NATO" not in right.get_title().get_text()


def test_incidence_matches_event_table(result):
    events = result.event_probabilities().set_index("column")
    for col in ("first_transfer_week", "regional_war_week", "ceasefire_week"):
        curve = incidence(result.outcomes[col], result.weeks)
        assert curve["week"].tolist() == list(range(result.weeks + 1))
        assert np.all(np.diff(curve["p"]) >= 0)
        assert curve["p"].iloc[-1] == pytest.approx(events.loc[col, "p"])
        six = result.scenario.params.outcomes.six_months_weeks
        assert curve["p"].iloc[six] == pytest.approx(events.loc[col, "p_6m"])
        assert np.all(curve["ci_low"] <= curve["p"]) and np.all(curve["p"] <= curve["ci_high"])


def test_occupancy_heatmap(result, tmp_path):
    fig = occupancy_heatmap(result)
    _check_figure(fig, tmp_path, "occupancy")
    images = [im for ax in fig.axes for im in ax.get_images()]
    assert len(images) == 5
    # one colour scale for all panels: one image's norm is shared by every panel
    assert len({id(im.norm) for im in images}) == 1


def test_actor_network(result, tmp_path):
    fig = actor_network(result)
    _check_figure(fig, tmp_path, "network")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for node in ("Russia", "Ukraine", "US", "Middle East", "Mediators"):
        assert node in texts
    assert "deep strikes" in texts and "arms" in texts


def test_actor_network_one_replicate(result, tmp_path):
    fig = actor_network(result, replicate=3)
    _check_figure(fig, tmp_path, "network_3")
    assert "replicate 3" in fig.get_suptitle()


def test_actor_graph_counts_match_event_log(result):
    ev = result.events
    rules = ev["rule"].astype(str)
    graph = actor_graph(result)
    strikes = graph.get_edge_data("Ukraine", "Russia")["deep strikes"]
    assert strikes["count"] == (rules == "ukraine.deep_strike").sum()
    assert strikes["weight"] == pytest.approx(strikes["count"] / REPLICATES)
    transfers = rules.isin(["russia.transfer_long_range", "scenario.transfer_long_range"])
    arms = sum(
        d["count"] for _, _, d in graph.out_edges("Russia", data=True) if d["label"] == "arms"
    )
    assert arms == transfers.sum()
    permits = {
        s: graph.get_edge_data(s, "Ukraine")["permits"]["count"] for s in ("US", "UK", "France")
    }
    # the scenario's scheduled permissions count, once per replicate, plus any rule firings
    for state, count in permits.items():
        fired = ((rules == "west.permit_deep_strikes") & (ev["actor"] == state)).sum()
        assert count == REPLICATES + fired
    assert WEST in graph and NATO_LADDER in graph


def test_actor_graph_one_replicate_counts(result):
    rep = 3
    graph = actor_graph(result, replicate=rep)
    ev = result.replicate_events(rep)
    strikes = graph.get_edge_data("Ukraine", "Russia")
    expected = int((ev["rule"].astype(str) == "ukraine.deep_strike").sum())
    if expected:
        assert strikes["deep strikes"]["weight"] == expected
    else:
        assert strikes is None


def test_actor_network_with_empty_log(result, tmp_path):
    quiet = result.replace(events=result.events.iloc[0:0])
    assert actor_graph(quiet).number_of_edges() == 0
    fig = actor_network(quiet)
    assert SCENARIO in fig.get_suptitle()
    fig.savefig(tmp_path / "quiet.png")


def test_actor_network_needs_events(lean_result):
    with pytest.raises(ValueError, match="without an event log"):
        actor_network(lean_result)


def test_actor_network_rejects_unknown_replicate(result):
    with pytest.raises(ValueError, match=r"replicate\(=99999\)"):
        actor_network(result, replicate=99_999)


def test_compare_incidence(baseline, result, tmp_path):
    fig = compare_incidence([baseline, result])
    _check_figure(fig, tmp_path, "compare", scenario="baseline")
    assert SCENARIO in fig.get_suptitle()
    legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert "baseline" in legend and SCENARIO in legend
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0] == KEY_EVENTS["direct_confrontation_week"]
    # each panel has its own scale: a rare event is not drawn on a 0-100% axis
    tops = {round(ax.get_ylim()[1], 3) for ax in fig.axes}
    assert len(tops) > 1


def test_compare_incidence_needs_results():
    with pytest.raises(ValueError, match="at least one"):
        compare_incidence([])


def _hand_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outcome": ["direct_confrontation", "regional_war", "negotiated_deescalation"],
            "scenario": SCENARIO,
            "reference": "baseline",
            "difference": [0.12, 0.004, -0.05],
            "ci_low": [0.08, -0.01, -0.07],
            "ci_high": [0.16, 0.02, -0.03],
            "significant": [True, False, True],
        }
    )


def test_difference_chart_hand_made_table(tmp_path):
    fig = difference_chart(_hand_table())
    _check_figure(fig, tmp_path, "differences")
    assert "baseline" in fig.get_suptitle()
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        pretty(m) for m in ("direct_confrontation", "regional_war", "negotiated_deescalation")
    ]
    bars = sorted(ax.patches, key=lambda b: -b.get_y())
    colour = [mpl.colors.to_hex(b.get_facecolor()) for b in bars]
    # a rise in direct confrontation is alarm-red; a fall in negotiated de-escalation is a move
    # towards escalation too, so it is red, not the colour of a "decrease"
    assert colour[0] == colour[2] == TOWARDS_ESCALATION
    assert colour[1] == mpl.colors.to_hex(NOT_SIGNIFICANT)
    assert bars[0].get_width() == pytest.approx(0.12)


def test_difference_chart_reads_compare_output(baseline, result, tmp_path):
    table = compare([baseline, result])
    fig = difference_chart(table)
    _check_figure(fig, tmp_path, "differences_compare")
    (ax,) = fig.axes
    # whiskers span the difference's interval (diff_ci_*), not the scenario's own interval
    # the direct-confrontation event repeats the outcome class by definition: one row less
    assert len(ax.get_yticklabels()) == table["measure"].nunique() - 1
    shown = table[table["measure"] != "event: direct Russia-NATO confrontation"]
    (whiskers,) = [c for c in ax.collections if len(c.get_segments()) == len(shown)]
    spans = sorted(tuple(np.round(sorted(s[:, 0]), 9)) for s in whiskers.get_segments())
    expected = sorted(
        tuple(np.round(sorted(v), 9)) for v in shown[["diff_ci_low", "diff_ci_high"]].to_numpy()
    )
    assert spans == expected


def test_difference_chart_names_missing_columns():
    with pytest.raises(ValueError, match="significant"):
        difference_chart(_hand_table().drop(columns="significant"))


def test_save_all(result, tmp_path):
    written = save_all(result, tmp_path / "figures")
    expected = ["fan_chart", "outcomes", "cumulative_incidence", "occupancy", "network"]
    assert list(written) == expected
    for name, path in written.items():
        assert path == tmp_path / "figures" / f"{name}.png"
        image = imread(path)
        assert image.shape[1] >= 1000
        assert (image[..., :3] < 0.97).any(axis=2).mean() > MIN_INK


def test_save_all_without_events_skips_network(lean_result, tmp_path):
    written = save_all(lean_result, tmp_path)
    assert "network" not in written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.png" for n in ("fan_chart", "outcomes", "cumulative_incidence", "occupancy")
    )


def test_house_style_does_not_leak(result):
    before = dict(mpl.rcParams)
    outcome_bars(result)
    assert dict(mpl.rcParams) == before


def test_plots_never_import_pyplot():
    code = (
        "import sys\n"
        "from escalation_sim import simulate\n"
        "from escalation_sim.plots import fan_chart\n"
        "fan_chart(simulate('baseline', replicates=20, seed=1)).savefig(sys.argv[1])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "/dev/null"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
