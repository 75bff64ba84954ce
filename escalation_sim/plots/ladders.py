"""Escalation ladders over time: level-occupancy heatmaps, one panel per theatre.

An occupancy heatmap reads the exact share of replicates at each level each week, from the
streaming histograms of :class:`~escalation_sim.engine.recording.DistributionRecorder`, so it
works for any ensemble size and for results run without full trajectories. Where runs have
*been* (the levels ever reached) is drawn by :mod:`.reached`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import PowerNorm

from ..core.theatres import label as theatre_label
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult


def _theatre_grid(n: int, panel_height: float, fig: Figure | None):
    """Figure with one panel per theatre on a shared week/level grid: (fig, panels, spare
    cells, columns, whether the figure is new)."""
    ncols = st.grid_columns(n)
    nrows = -(-n // ncols)
    fig, own = st.figure_for(fig, 13 if ncols > 1 else 8, 1.0 + panel_height * nrows)
    panels, spare = st.panel_grid(fig, n, ncols, sharex=True, sharey=True)
    return fig, panels, spare, ncols, own


def _label_panel(ax, theatre: str, i: int, n: int, ncols: int) -> None:
    """Theatre title; y label on the first column, week axis on the bottom row only."""
    ax.set_title(theatre_label(theatre), loc="left")
    if i % ncols == 0:
        ax.set_ylabel("ladder level")
    if i >= n - ncols:
        ax.set_xlabel("week")
        ax.xaxis.set_tick_params(labelbottom=True)


@st.styled
def occupancy_heatmap(
    result: EnsembleResult, theatres: Sequence[str] | None = None, *, fig: Figure | None = None
) -> Figure:
    """Share of replicates at each ladder level, per theatre and week.

    Parameters
    ----------
    result
        An ensemble from :func:`~escalation_sim.engine.ensemble.simulate`.
    theatres
        Ladders to show (default: all of :data:`~escalation_sim.core.theatres.THEATRES`).
    fig
        An empty figure to draw into (default: a new one).

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
    fig, panels, spare, ncols, own = _theatre_grid(len(chosen), 3.0, fig)
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
    if own:
        st.footer(fig)
    return fig
