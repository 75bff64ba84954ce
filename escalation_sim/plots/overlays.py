"""Scenarios side by side: the ladders of several ensembles overlaid in one figure.

Meant for ensembles run with the same seed and replicate indices (common random numbers), so
that what separates the fans is the scenarios' assumptions rather than sampling noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core.theatres import label as theatre_label
from . import style as st
from .ladders import draw_thresholds

#: Vertical separation (ladder levels) between the median lines of overlaid scenarios.
MEDIAN_OFFSET = 0.07

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult


@st.styled
def compare_fans(
    results: Sequence[EnsembleResult],
    theatres: Sequence[str] = ("nato", "ukraine", "middle_east"),
) -> Figure:
    """Medians and 50% bands of several scenarios' ladders, one colour per scenario.

    Parameters
    ----------
    results
        Ensembles to compare, ideally with the same seed and replicates.
    theatres
        Ladders to show, one panel each.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per theatre with each scenario's median (line) and interquartile band; the
        outcome thresholds are those of the first scenario.

    Raises
    ------
    ValueError
        If ``results`` is empty or a theatre is unknown.
    """
    results = list(results)
    if not results:
        raise ValueError("compare_fans needs at least one result")
    chosen = st.check_theatres(theatres)
    colours = st.colour_cycle(len(results))
    top = max(st.top_level(r) for r in results)
    ncols = st.grid_columns(len(chosen))
    nrows = -(-len(chosen) // ncols)
    fig = st.new_figure(13 if ncols > 1 else 8, 1.4 + 3.4 * nrows)
    panels, spare = st.panel_grid(fig, len(chosen), ncols, sharex=True, sharey=True)
    for extra in spare:
        extra.remove()  # the legend goes below the panels, so spare cells are not needed
    quantiles = [r.quantiles() for r in results]
    outcomes = results[0].scenario.params.outcomes
    horizon = max(r.weeks for r in results)
    # Medians are integers and often coincide; a small offset per scenario (a fraction of a
    # level) keeps every scenario's line visible instead of the last one drawn hiding the rest.
    offsets = (np.arange(len(results)) - (len(results) - 1) / 2) * MEDIAN_OFFSET
    for i, (ax, theatre) in enumerate(zip(panels, chosen, strict=True)):
        for q, colour, dy in zip(quantiles, colours, offsets, strict=True):
            part = q[q["series"] == f"ladder_{theatre}"]
            weeks = part["week"].to_numpy()
            ax.fill_between(
                weeks, part["q25"], part["q75"], step="post", color=colour, alpha=0.2, lw=0
            )
            ax.step(weeks, part["q50"] + dy, where="post", color=colour, lw=2.0)
            ax.plot(weeks, part["mean"], color=colour, lw=0.9, ls="--")
        draw_thresholds(ax, theatre, outcomes, top)
        st.level_axis(ax, top)
        ax.set_xlim(0, horizon)
        ax.set_title(theatre_label(theatre), loc="left")
        ax.grid(axis="y", visible=False)
        if i % ncols == 0:
            ax.set_ylabel("ladder level")
        if i >= len(chosen) - ncols:
            ax.set_xlabel("week")
            ax.xaxis.set_tick_params(labelbottom=True)
    same = len({(r.replicates, r.seed) for r in results}) == 1
    handles = []
    for r, colour in zip(results, colours, strict=True):
        label = r.scenario.name if same else f"{r.scenario.name} ({r.replicates:,}, seed {r.seed})"
        handles.append(Patch(fc=colour, alpha=0.5, ec=colour, label=label))
    handles += [
        Line2D([], [], color="0.3", lw=2.0, label="median (offset to stay visible)"),
        Line2D([], [], color="0.3", lw=0.9, ls="--", label="mean"),
        Patch(color="0.3", alpha=0.2, label="50% of replicates"),
    ]
    names = ", ".join(r.scenario.name for r in results)
    if same:
        run = f"{results[0].replicates:,} replicates each, seed {results[0].seed}"
    else:
        run = "replicates and seeds differ: no common random numbers"
    fig.suptitle(f"Escalation ladders compared | {names} | {run}")
    st.footer(fig, handles=handles, ncols=min(len(handles), 6))
    return fig
