"""Tests that the figures cannot mislead: every number a figure states agrees with the table
beside it, colours follow meaning, and panels can be drawn into a figure of one's own.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from escalation_sim import simulate
from escalation_sim.analysis.compare import compare
from escalation_sim.core.ladder import MAX_LEVEL
from escalation_sim.core.theatres import THEATRES
from escalation_sim.engine.outcomes import KEY_EVENTS
from escalation_sim.plots import (
    actor_network,
    compare_incidence,
    cumulative_incidence,
    difference_chart,
    ever_reached,
    fan_chart,
    occupancy_heatmap,
    outcome_bars,
    reached_panel,
    save_comparison,
)
from escalation_sim.plots.differences import (
    NEITHER,
    TOWARDS_DEESCALATION,
    TOWARDS_ESCALATION,
    escalation_sense,
)
from escalation_sim.plots.graph import NATO_LADDER, actor_graph
from escalation_sim.plots.network import edge_text
from escalation_sim.plots.style import EVENT_COLOURS, share_text

REPLICATES = 1000
SEED = 1


@pytest.fixture(scope="module")
def runs():
    names = ("baseline", "french_trainers", "worst_case")
    return {s: simulate(s, replicates=REPLICATES, seed=SEED) for s in names}


def _p_direct(result) -> float:
    (row,) = [o for o in result.summary().outcomes if o.outcome == "direct_confrontation"][:1]
    return row.share.p


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("scenario", ["baseline", "worst_case"])
def test_ever_reached_at_the_threshold_is_the_outcome_probability(runs, scenario):
    result = runs[scenario]
    table = ever_reached(result)
    d = result.scenario.params.outcomes.direct_confrontation_level
    at = table[(table["theatre"] == "nato") & (table["week"] == result.weeks)].set_index("level")
    p = _p_direct(result)
    assert at.loc[d, "share"] == pytest.approx(p, abs=1e-12)
    # and the figure writes that number, formatted as the tables format shares
    label = f"direct confrontation (level {d}+): {share_text(p)}"
    assert label in _texts(fan_chart(result))
    # the curve at the threshold is the cumulative incidence of the outcome's week
    curve = table[(table["theatre"] == "nato") & (table["level"] == d)].sort_values("week")
    weeks = result.outcomes["direct_confrontation_week"].to_numpy(float, na_value=np.inf)
    expected = [(weeks <= w).mean() for w in range(result.weeks + 1)]
    assert curve["share"].to_numpy() == pytest.approx(expected)


def test_ever_reached_is_a_running_maximum(runs):
    result = runs["worst_case"]
    table = ever_reached(result)
    assert len(table) == len(THEATRES) * (result.weeks + 1) * (MAX_LEVEL + 1)
    grid = (
        table.set_index(["theatre", "week", "level"])["share"]
        .unstack("level")
        .to_numpy()
        .reshape(len(THEATRES), result.weeks + 1, MAX_LEVEL + 1)
    )
    assert np.all(np.diff(grid, axis=1) >= -1e-12), "a level once reached stays reached"
    assert np.all(np.diff(grid, axis=2) <= 1e-12), "fewer runs reach each higher level"
    assert np.allclose(grid[:, :, 0], 1.0)
    # never above the exact peaks the outcomes table keeps for the Russia-NATO ladder
    peaks = result.outcomes["peak_nato"].to_numpy()
    nato = grid[THEATRES.index("nato"), -1]
    for level in range(MAX_LEVEL + 1):
        assert nato[level] <= (peaks >= level).mean() + 1e-12


def test_ever_reached_from_a_stored_result_equals_in_memory(tmp_path):
    memory = simulate("french_trainers", replicates=300, seed=3, chunk_size=128)
    stored = simulate("french_trainers", replicates=300, seed=3, chunk_size=128, directory=tmp_path)
    assert stored.stored("trajectories") is not None
    pd.testing.assert_frame_equal(ever_reached(memory), ever_reached(stored))


def test_fan_chart_without_trajectories_is_the_same_figure(runs):
    lean = simulate("worst_case", replicates=REPLICATES, seed=SEED, trajectories=False)
    pd.testing.assert_frame_equal(ever_reached(lean), ever_reached(runs["worst_case"]))
    p = _p_direct(runs["worst_case"])
    texts = _texts(fan_chart(lean))
    assert f"direct confrontation (level 3+): {share_text(p)}" in texts
    assert not any("not shown" in t for t in texts)


@pytest.mark.parametrize("scenario", ["baseline", "french_trainers", "worst_case"])
def test_recorded_levels_include_what_end_of_week_trajectories_miss(runs, scenario):
    """The engine's counts of the highest level so far are exact; the fallback for older results
    (running maxima of end-of-week levels) can only miss levels held within a week, so it
    never reads higher, and the two agree at the Russia-NATO threshold, which the fallback
    takes from the outcomes table."""
    import copy

    result = runs[scenario]
    old = copy.copy(result)
    old.distributions = copy.copy(result.distributions)
    old.distributions.reached = None
    exact, approx = ever_reached(result), ever_reached(old)
    assert (approx["share"] <= exact["share"] + 1e-12).all()
    d = result.scenario.params.outcomes.direct_confrontation_level
    at = (exact["theatre"] == "nato") & (exact["level"] == d)
    np.testing.assert_allclose(exact.loc[at, "share"], approx.loc[at, "share"])
    assert exact.loc[at, "share"].iloc[-1] == pytest.approx(_p_direct(result))


def test_recorded_levels_survive_saving_and_loading(runs, tmp_path):
    from escalation_sim.results import load_result, save_result

    save_result(runs["french_trainers"], tmp_path / "r")
    loaded = load_result(tmp_path / "r")
    pd.testing.assert_frame_equal(ever_reached(loaded), ever_reached(runs["french_trainers"]))


def test_cumulative_incidence_labels_equal_the_event_table(runs):
    result = runs["baseline"]
    fig = cumulative_incidence(result)
    legend = {
        t.get_text(): line
        for ax in fig.axes
        if ax.get_legend()
        for t, line in zip(ax.get_legend().get_texts(), ax.get_legend().get_lines(), strict=True)
    }
    events = result.event_probabilities().set_index("column")
    for col, name in KEY_EVENTS.items():
        text = f"{name} ({share_text(events.loc[col, 'p'])} by week {result.weeks})"
        if text in legend:  # the rest are held from week 0 (tested in test_plots)
            assert mpl.colors.to_hex(legend[text].get_color()) == EVENT_COLOURS[col].lower()
    # each panel is scaled to its data: baseline's rare events do not sit on a 0-100% axis
    assert all(ax.get_ylim()[1] < 0.5 for ax in fig.axes)


def test_share_text_keeps_small_values():
    assert share_text(0.003) == "0.3%"
    assert share_text(0.0004) == "0.040%"  # as the tables print it
    assert share_text(0.0) == "0%"
    assert share_text(1.0) == "100%"
    assert share_text(0.9999) == "99.990%"
    assert share_text(0.456) == "45.6%"


def test_compare_incidence_labels_equal_the_comparison_table(runs):
    results = [runs["baseline"], runs["worst_case"]]
    table = compare(results).set_index("measure")
    fig = compare_incidence(results)
    first = fig.axes[0]  # direct confrontation
    labels = {t.get_text() for t in first.texts}
    row = table.loc[f"event: {KEY_EVENTS['direct_confrontation_week']}"]
    assert {share_text(row["p_reference"]), share_text(row["p"])} <= labels


def test_save_comparison_writes_incidence_and_differences(runs, tmp_path):
    results = [runs["baseline"], runs["worst_case"]]
    written = save_comparison(results, compare(results), tmp_path)
    assert list(written) == ["compare_incidence", "differences"]
    assert all(p.is_file() for p in written.values())


def test_difference_colours_follow_escalation_not_sign():
    table = pd.DataFrame(
        {
            "measure": [
                "outcome: direct_confrontation",
                "outcome: negotiated_deescalation",
                "outcome: prolonged_confrontation",
                "event: ceasefire",
                "event: direct Russia-NATO confrontation",
            ],
            "scenario": "s",
            "reference": "r",
            "difference": [0.1, 0.05, -0.15, -0.02, 0.1],
            "diff_ci_low": [0.05, 0.02, -0.2, -0.03, 0.05],
            "diff_ci_high": [0.15, 0.08, -0.1, -0.01, 0.15],
            "significant": True,
        }
    )
    fig = difference_chart(table)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 4, "the event repeating the direct-confrontation class is dropped"
    bars = sorted(ax.patches, key=lambda b: -b.get_y())
    colours = [mpl.colors.to_hex(b.get_facecolor()) for b in bars]
    assert colours == [TOWARDS_ESCALATION, TOWARDS_DEESCALATION, NEITHER, TOWARDS_ESCALATION]
    assert escalation_sense("first long-range transfer within 26 weeks") == 1


def test_network_has_no_zero_labels_and_draws_the_ladder_as_a_ladder(runs):
    result = runs["baseline"]
    graph = actor_graph(result)
    assert graph.nodes[NATO_LADDER]["kind"] == "ladder"
    fig = actor_network(result)
    texts = _texts(fig)
    assert not any("0.00/run" in t for t in texts)
    weights = [d["weight"] for *_, d in graph.edges(data=True)]
    assert min(weights) < 0.005, "a rare edge is drawn and labelled"
    assert edge_text(0.0045, False) == "0.0045/run"
    assert edge_text(0.0005, False) == "0.00050/run"
    assert edge_text(2.345, False) == "2.35/run"
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "escalation ladder, not an actor" in legend


def test_network_labels_cover_no_arc(runs):
    from escalation_sim.plots import arcs

    result = runs["worst_case"]
    fig = actor_network(result)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    graph = actor_graph(result)
    # every arrow's path, sampled in display space, against every edge label's box
    paths = [p.get_path() for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(paths) == graph.number_of_edges()
    points = np.vstack([p.interpolated(30).vertices for p in paths])
    labels = [t for t in ax.texts if "/run" in t.get_text()]
    assert labels
    for t in labels:
        box = t.get_window_extent()
        inside = (
            (points[:, 0] > box.x0)
            & (points[:, 0] < box.x1)
            & (points[:, 1] > box.y0)
            & (points[:, 1] < box.y1)
        )
        assert inside.sum() <= 1, f"{t.get_text()!r} covers an arrow"
    assert arcs.arc_points((0, 0), (1, 0), 0.2).shape == (40, 2)


def test_one_panel_functions_draw_into_a_given_axes(runs):
    result = runs["worst_case"]
    fig = Figure(figsize=(14, 10))
    a, b, c, d = fig.subplots(2, 2).ravel()
    table = compare([runs["baseline"], result])
    assert outcome_bars(result, ax=a) is fig
    assert difference_chart(table, ax=b) is fig
    assert actor_network(result, ax=c) is fig
    assert reached_panel(result, "nato", ax=d) is fig
    for ax in (a, b, c, d):
        assert ax.patches or ax.lines or ax.collections
    assert len(fig.axes) == 4
    with pytest.raises(ValueError, match="one scenario"):
        difference_chart(pd.concat([table, table.assign(scenario="other")]), ax=a)


@pytest.mark.parametrize(
    "draw",
    [
        lambda r, f: fan_chart(r, fig=f),
        lambda r, f: occupancy_heatmap(r, fig=f),
        lambda r, f: cumulative_incidence(r, fig=f),
        lambda r, f: compare_incidence([r, r], fig=f),
    ],
)
def test_many_panel_functions_draw_into_a_given_figure(runs, draw):
    fig = Figure(figsize=(13, 8), layout="constrained")
    assert draw(runs["worst_case"], fig) is fig
    assert fig.axes
    with pytest.raises(ValueError, match="already has axes"):
        draw(runs["worst_case"], fig)
