"""Escalation ladders over time: fan charts and level-occupancy heatmaps, one panel per theatre.

A fan chart reads the per-week quantiles of each theatre's ladder level; an occupancy heatmap
reads the exact share of replicates at each level. Both come from the streaming histograms of
:class:`~escalation_sim.engine.recording.DistributionRecorder`, so they work for any ensemble
size and for results run without full trajectories.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import PowerNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core.ladder import THRESHOLDS
from ..core.theatres import label as theatre_label
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult
    from ..scenarios.schema import OutcomeParams

#: Individual replicate runs drawn over a fan: enough to show that single runs jump, few enough
#: not to hide the bands.
SAMPLE_RUNS = 5


def outcome_threshold(theatre: str, outcomes: OutcomeParams) -> tuple[int, str] | None:
    """Level at which reaching a theatre's ladder counts as an outcome, and the outcome's name.

    The Russia-NATO ladder defines direct confrontation and each recipient region's ladder the
    level of a regional war - the outcome class only where Russian-supplied weapons are used
    there, which a ladder does not show; the Russia-Ukraine war ladder defines no outcome class.
    """
    if theatre == "nato":
        return outcomes.direct_confrontation_level, "direct confrontation"
    if theatre == "ukraine":
        return None
    return outcomes.regional_war_level, "war with Russian weapons"


def draw_thresholds(ax: Axes, theatre: str, outcomes: OutcomeParams, top: int) -> None:
    """Outcome threshold (bold, labelled) and Kahn's named thresholds (subtle) on a ladder panel.

    Both are drawn *between* levels: an outcome counts from its level on, so its line sits half a
    level below; Kahn's thresholds lie above the level
    :data:`~escalation_sim.core.ladder.THRESHOLDS` gives, so they sit half a level above it.
    """
    for name, level in THRESHOLDS.items():
        y = level + 0.5
        if y > top + 0.6:
            continue
        ax.axhline(y, color="0.55", lw=0.7, ls=(0, (1, 2)), zorder=1)
        ax.text(
            0.995,
            y,
            f"Kahn: {name}",
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="bottom",
            fontsize=7,
            color="0.4",
            style="italic",
            zorder=6,
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6},
        )
    found = outcome_threshold(theatre, outcomes)
    if found is None:
        return
    level, name = found
    y = level - 0.5
    ax.axhline(y, color="#7f0000", lw=1.1, ls="--", zorder=4)
    ax.text(
        0.01,
        y,
        f"{name} (level {level}+)",
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="bottom",
        fontsize=7.5,
        color="#7f0000",
        fontweight="bold",
        zorder=6,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
    )


def _sample_runs(result: EnsembleResult) -> pd.DataFrame | None:
    """Trajectories of the first few replicates (by index, so the choice is reproducible)."""
    runs = result.sample_trajectories(SAMPLE_RUNS)  # reads only these rows of a stored table
    return None if runs is None or runs.empty else runs


def _fan_panel(ax: Axes, q: pd.DataFrame, colour: str, runs: pd.DataFrame | None, col: str):
    weeks = q["week"].to_numpy()
    ax.fill_between(weeks, q["q05"], q["q95"], step="post", color=colour, alpha=0.15, lw=0)
    ax.fill_between(weeks, q["q25"], q["q75"], step="post", color=colour, alpha=0.32, lw=0)
    ax.step(weeks, q["q50"], where="post", color=colour, lw=2.2, zorder=3)
    ax.plot(weeks, q["mean"], color="black", lw=0.9, ls="--", zorder=3)
    if runs is not None:
        # Integer levels would put every run on the same few lines; a small vertical offset per
        # run keeps them apart without moving any of them by as much as half a level.
        ids = runs["replicate"].unique()
        offsets = np.linspace(-0.15, 0.15, len(ids)) if len(ids) > 1 else [0.0]
        for rep, dy in zip(ids, offsets, strict=True):
            run = runs[runs["replicate"] == rep]
            ax.step(
                run["week"],
                run[col].to_numpy(dtype=float) + dy,
                where="post",
                color="0.25",
                lw=0.6,
                alpha=0.55,
                zorder=2,
            )


def _fan_legend_handles(colour: str, with_runs: bool) -> list:
    handles = [
        Patch(color=colour, alpha=0.15, label="90% of replicates (q05-q95)"),
        Patch(color=colour, alpha=0.32, label="50% of replicates (q25-q75)"),
        Line2D([], [], color=colour, lw=2.2, label="median"),
        Line2D([], [], color="black", lw=0.9, ls="--", label="mean (shows the drift)"),
    ]
    if with_runs:
        handles.append(
            Line2D([], [], color="0.25", lw=0.6, label=f"{SAMPLE_RUNS} single runs (offset)")
        )
    handles += [
        Line2D([], [], color="#7f0000", lw=1.1, ls="--", label="outcome threshold"),
        Line2D([], [], color="0.55", lw=0.7, ls=(0, (1, 2)), label="Kahn's named thresholds"),
    ]
    return handles


def _theatre_grid(n: int, panel_height: float):
    """Figure with one panel per theatre on a shared week/level grid: (fig, panels, spare
    cells, columns)."""
    ncols = st.grid_columns(n)
    nrows = -(-n // ncols)
    fig = st.new_figure(13 if ncols > 1 else 8, 1.0 + panel_height * nrows)
    panels, spare = st.panel_grid(fig, n, ncols, sharex=True, sharey=True)
    return fig, panels, spare, ncols


def _label_panel(ax, theatre: str, i: int, n: int, ncols: int) -> None:
    """Theatre title; y label on the first column, week axis on the bottom row only."""
    ax.set_title(theatre_label(theatre), loc="left")
    if i % ncols == 0:
        ax.set_ylabel("ladder level")
    if i >= n - ncols:
        ax.set_xlabel("week")
        ax.xaxis.set_tick_params(labelbottom=True)


@st.styled
def fan_chart(result: EnsembleResult, theatres: Sequence[str] | None = None) -> Figure:
    """Fan chart of each theatre's escalation ladder over the weeks of the horizon.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    theatres
        Ladders to show (default: all of :data:`~escalation_sim.core.theatres.THEATRES`).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per theatre: median, 50% and 90% bands of the level across replicates, the
        mean, a few single runs (when the result kept trajectories), the level at which the
        theatre's outcome class begins and Kahn's named thresholds.

    Notes
    -----
    Levels are integers, so quantiles move in steps while the mean drifts smoothly; the mean is
    what shows a slow shift of the whole ensemble before any quantile moves.
    """
    chosen = st.check_theatres(theatres)
    quantiles = result.quantiles()
    runs = _sample_runs(result)
    top = st.top_level(result)
    fig, panels, spare, ncols = _theatre_grid(len(chosen), panel_height=3.3)
    outcomes = result.scenario.params.outcomes
    for i, (ax, theatre) in enumerate(zip(panels, chosen, strict=True)):
        q = quantiles[quantiles["series"] == f"ladder_{theatre}"]
        _fan_panel(ax, q, st.THEATRE_COLOURS[theatre], runs, f"ladder_{theatre}")
        draw_thresholds(ax, theatre, outcomes, top)
        st.level_axis(ax, top)
        ax.set_xlim(0, result.weeks)
        ax.grid(axis="y", visible=False)
        _label_panel(ax, theatre, i, len(chosen), ncols)
    handles = _fan_legend_handles("0.45", runs is not None)
    if spare:
        legend_ax = spare[0]
        legend_ax.axis("off")
        legend_ax.legend(handles=handles, loc="center", title="Across replicates, per week")
        for extra in spare[1:]:
            extra.remove()
    st.title(fig, "Escalation ladders by theatre", result)
    st.footer(fig, handles=None if spare else handles)
    return fig


@st.styled
def occupancy_heatmap(result: EnsembleResult, theatres: Sequence[str] | None = None) -> Figure:
    """Share of replicates at each ladder level, per theatre and week.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    theatres
        Ladders to show (default: all of :data:`~escalation_sim.core.theatres.THEATRES`).

    Returns
    -------
    matplotlib.figure.Figure
        One heatmap per theatre (x week, y named level) with one colour bar for all panels.
        Cells no replicate occupies are left blank, so that rare high levels still stand out
        against "never"; the colour scale is compressed (power 0.5) for the same reason.
    """
    chosen = st.check_theatres(theatres)
    occ = result.occupancy()
    top = st.top_level(result)
    fig, panels, spare, ncols = _theatre_grid(len(chosen), panel_height=3.0)
    norm = PowerNorm(0.5, vmin=0.0, vmax=1.0)
    image = None
    for i, (ax, theatre) in enumerate(zip(panels, chosen, strict=True)):
        part = occ[(occ["theatre"] == theatre) & (occ["level"] <= top)]
        grid = part.pivot(index="level", columns="week", values="share").to_numpy()
        grid = np.ma.masked_equal(grid, 0.0)
        weeks = part["week"].max()
        image = ax.imshow(
            grid,
            origin="lower",
            aspect="auto",
            cmap="magma_r",
            norm=norm,
            extent=(-0.5, weeks + 0.5, -0.5, top + 0.5),
            interpolation="nearest",
        )
        ax.set_facecolor("white")
        ax.grid(False)
        st.level_axis(ax, top)
        ax.set_ylim(-0.5, top + 0.5)
        _label_panel(ax, theatre, i, len(chosen), ncols)
    if spare:
        host = spare[0]
        host.axis("off")
        cax = host.inset_axes((0.08, 0.42, 0.84, 0.1))
        bar = fig.colorbar(image, cax=cax, orientation="horizontal")
        host.text(
            0.5,
            0.72,
            "share of replicates at the level\n(blank: no replicate)",
            ha="center",
            va="center",
            transform=host.transAxes,
        )
        for extra in spare[1:]:
            extra.remove()
    else:
        bar = fig.colorbar(image, ax=panels, shrink=0.9, label="share of replicates at the level")
    bar.set_ticks([0.01, 0.05, 0.1, 0.25, 0.5, 1.0])
    st.percent_axis(bar.ax, "x" if spare else "y")
    st.title(fig, "Ladder occupancy by theatre", result)
    st.footer(fig)
    return fig
