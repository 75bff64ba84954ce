"""Drawing the actor network: node boxes at their fixed places, curved arrows as wide as the
firings they stand for, and labels that stay clear of each other.

The graph itself - nodes, positions, edge counts - comes from :func:`.graph.actor_graph`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from . import arcs
from . import style as st
from .graph import X_RUSSIA, X_WEST, actor_graph

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..results.result import EnsembleResult

#: Fill of a node's box, by the node's kind (see :func:`.graph.actor_graph`).
NODE_COLOURS = {
    "russia": "#f4c7c3",
    "ukraine": "#c6dbef",
    "west": "#dadaeb",
    "recipient": "#fdd0a2",
    "mediators": "#c7e9c0",
    "collective": "#eeeeee",
}


def _bulge(src: tuple[float, float], dst: tuple[float, float], label: str) -> float:
    """Curvature (matplotlib ``arc3`` rad) that keeps long West-Russia arcs clear of Ukraine.

    Edges between a Western state and Russia pass by Ukraine's node; they bow away from the
    centre line, on the side of the state, and trainer strikes bow further than retaliation so
    that the two directions between one pair stay apart.
    """
    (x1, y1), (x2, y2) = src, dst
    if abs(x2 - x1) < X_RUSSIA - X_WEST - 0.5:  # not a West-Russia edge: a slight bow only
        return 0.12
    side = y1 if abs(y1) >= abs(y2) else y2
    side = 1.0 if side >= 0 else -1.0
    # arc3 offsets its control point by rad * (dy, -dx): in y, toward -dx for positive rad
    sign = side * (-1.0 if x2 > x1 else 1.0)
    magnitude = 0.42 if "trainers" in label else 0.24
    return sign * magnitude


#: Size of a node's box (data units).
NODE_WIDTH, NODE_HEIGHT = 1.15, 0.42


def _draw_node(ax: Axes, name: str, pos, kind: str, active: bool) -> FancyBboxPatch:
    patch = FancyBboxPatch(
        (pos[0] - NODE_WIDTH / 2, pos[1] - NODE_HEIGHT / 2),
        NODE_WIDTH,
        NODE_HEIGHT,
        boxstyle="round,pad=0.02,rounding_size=0.1",
        fc=NODE_COLOURS[kind],
        ec="0.3" if active else "0.7",
        lw=1.2 if active else 0.8,
        alpha=1.0 if active else 0.5,
        zorder=3,
    )
    ax.add_patch(patch)
    text = name.replace(" recipients", "\nrecipients").replace(" (collective)", "\n(collective)")
    ax.text(
        *pos,
        text,
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold" if kind in ("russia", "ukraine") else "normal",
        color="black" if active else "0.55",
        zorder=4,
    )
    return patch


def _edge_text(weight: float, single: bool) -> str:
    if single:
        return f"×{round(weight)}"
    return f"{weight:.2f}/run" if weight < 10 else f"{weight:.1f}/run"


@st.styled
def actor_network(result: EnsembleResult, replicate: int | None = None) -> Figure:
    """Who armed whom and who struck whom, as a network with fixed positions.

    Parameters
    ----------
    result
        An ensemble run with its event log (``simulate(..., events=True)``).
    replicate
        Show the firings of this replicate only; by default, the mean over the ensemble.

    Returns
    -------
    matplotlib.figure.Figure
        Edge width and label give the mean number of firings per replicate (or, for one
        replicate, the count); actors that never acted or were never targeted are greyed.

    Raises
    ------
    ValueError
        If the result has no event log, or ``replicate`` is not one of its replicates.
    """
    graph = actor_graph(result, replicate)
    single = replicate is not None
    fig = st.new_figure(13, 7.6)
    ax = fig.subplots()
    ax.set_aspect("equal")  # arc3 curvature and label positions assume equal x and y scales
    ax.axis("off")
    pos = nx.get_node_attributes(graph, "pos")
    active = {n for edge in graph.edges() for n in edge}
    patches = {
        n: _draw_node(ax, n, pos[n], graph.nodes[n]["kind"], n in active) for n in graph.nodes
    }
    weights = [d["weight"] for _, _, d in graph.edges(data=True)]
    biggest = max(weights, default=1.0) or 1.0
    rads = {
        (src, dst, key): _bulge(pos[src], pos[dst], data["label"])
        for src, dst, key, data in graph.edges(keys=True, data=True)
    }
    # square root: firings span orders of magnitude (deep strikes vs a rare retaliation)
    widths = {
        (src, dst, key): 0.8 + 5.0 * np.sqrt(data["weight"] / biggest)
        for src, dst, key, data in graph.edges(keys=True, data=True)
    }
    places = arcs.label_places(graph, pos, rads, widths)
    edge_labels = []
    for src, dst, key, data in graph.edges(keys=True, data=True):
        rad = rads[(src, dst, key)]
        lw = widths[(src, dst, key)]
        ax.add_patch(
            FancyArrowPatch(
                pos[src],
                pos[dst],
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>",
                mutation_scale=10 + 2 * lw,
                lw=lw,
                color=data["colour"],
                alpha=0.85,
                patchA=patches[src],
                patchB=patches[dst],
                shrinkA=1,
                shrinkB=1,
                zorder=2,
            )
        )
        place = places[(src, dst, key)]
        if place is None:
            continue
        edge_labels.append(
            ax.text(
                *place,
                f"{data['label']}\n{_edge_text(data['weight'], single)}",
                ha="center",
                va="center",
                fontsize=8,
                color=data["colour"],
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.35, max(ys) + 0.35)
    if single:
        detail, scale = f"replicate {replicate}", f"firings in replicate {replicate}"
    else:
        detail, scale = "", f"mean firings per replicate over {result.replicates:,} replicates"
    st.title(fig, "Who armed whom and who struck whom", result, detail)
    st.footer(
        fig,
        f"Edge width and label: {scale}. Greyed actors neither acted nor were targeted by these "
        "rules. Scenario-conditional, not a forecast.",
    )
    arcs.declutter(fig, ax, edge_labels, list(patches.values()))
    return fig
