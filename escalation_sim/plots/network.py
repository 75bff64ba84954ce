"""Drawing the actor network: node boxes at their fixed places, curved arrows as wide as the
firings they stand for, and labels that stay clear of each other.

The graph itself - nodes, positions, edge counts - comes from :func:`.graph.actor_graph`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

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
    "collective": "#f7f7f7",
    "ladder": "none",
}

#: Colour of the ladder glyph that marks the Russia-NATO escalation ladder (a target, not an
#: actor).
LADDER_COLOUR = "#7f0000"


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


def _draw_ladder(ax: Axes, pos, active: bool) -> None:
    """A small ladder - two rails and rungs - left of the node's name."""
    x, y = pos[0] - NODE_WIDTH / 2 + 0.16, pos[1]
    colour = LADDER_COLOUR if active else "0.65"
    h = NODE_HEIGHT * 0.95
    for dx in (-0.07, 0.07):
        ax.plot([x + dx, x + dx], [y - h / 2, y + h / 2], color=colour, lw=1.6, zorder=4)
    for k in range(5):
        yy = y - h / 2 + h * (k + 0.5) / 5
        ax.plot([x - 0.07, x + 0.07], [yy, yy], color=colour, lw=1.2, zorder=4)


def _draw_node(ax: Axes, name: str, pos, kind: str, active: bool) -> FancyBboxPatch:
    """A node's box and name. Actors get a filled box; the West as a whole (a target, not an
    actor) a dashed one; the Russia-NATO ladder a ladder glyph and no box. The box is returned
    either way: arrows end at its edge."""
    ladder = kind == "ladder"
    patch = FancyBboxPatch(
        (pos[0] - NODE_WIDTH / 2, pos[1] - NODE_HEIGHT / 2),
        NODE_WIDTH,
        NODE_HEIGHT,
        boxstyle="round,pad=0.02,rounding_size=0.1",
        fc=NODE_COLOURS[kind],
        ec="none" if ladder else ("0.3" if active else "0.7"),
        lw=1.2 if active else 0.8,
        ls="--" if kind == "collective" else "-",
        alpha=1.0 if active else 0.5,
        zorder=3,
    )
    ax.add_patch(patch)
    text = name.replace(" recipients", "\nrecipients").replace(" (collective)", "\n(collective)")
    if ladder:
        _draw_ladder(ax, pos, active)
        text = text.replace(" ladder", "\nladder")
    ax.text(
        pos[0] + (0.12 if ladder else 0.0),
        pos[1],
        text,
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold" if kind in ("russia", "ukraine") else "normal",
        style="italic" if kind in ("collective", "ladder") else "normal",
        color="black" if active else "0.55",
        zorder=4,
    )
    return patch


def edge_text(weight: float, single: bool) -> str:
    """An edge's count: ``"×3"`` in one replicate; over an ensemble the mean firings per run
    with two significant digits below 0.1, so a rare act reads ``0.0045/run``, never
    ``0.00/run``."""
    if single:
        return f"×{round(weight)}"
    if weight >= 10:
        return f"{weight:.1f}/run"
    if weight >= 0.1 or weight <= 0:
        return f"{weight:.2f}/run"
    decimals = 1 - math.floor(math.log10(weight))  # two significant digits
    return f"{weight:.{decimals}f}/run"


def _key_handles() -> list:
    return [
        Patch(fc=NODE_COLOURS["west"], ec="0.3", label="actor"),
        Patch(fc=NODE_COLOURS["collective"], ec="0.3", ls="--", label="the West as one target"),
        # rails and rungs as a hatched box: a mathtext glyph would cost half a second to parse
        Patch(fc="white", ec=LADDER_COLOUR, hatch="---", label="escalation ladder, not an actor"),
        Patch(fc="white", ec="0.7", alpha=0.5, label="greyed: no arrow drawn here"),
    ]


@st.styled
def actor_network(
    result: EnsembleResult, replicate: int | None = None, *, ax: Axes | None = None
) -> Figure:
    """Who armed whom and who struck whom, as a network with fixed positions.

    Parameters
    ----------
    result
        An ensemble run with its event log (``simulate(..., events=True)``).
    replicate
        Show the firings of this replicate only; by default, the mean over the ensemble.
    ax
        Axes to draw into (default: those of a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Edge width and label give the mean number of firings per replicate (or, for one
        replicate, the count). Greyed nodes are those no arrow starts or ends at: they made
        and received none of the acts drawn here (:data:`.graph.RELATIONS`), though they may
        have acted otherwise (deployed trainers, issued threats). Labels sit beside their own
        arrows and cover no other arrow.

    Raises
    ------
    ValueError
        If the result has no event log, or ``replicate`` is not one of its replicates.
    """
    graph = actor_graph(result, replicate)
    single = replicate is not None
    fig, ax, own = st.axes_for(ax, 13, 7.6)
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
    edge_labels, arc_list, owners = [], [], []
    index = {e: i for i, e in enumerate(graph.edges(keys=True))}
    for src, dst, key, data in graph.edges(keys=True, data=True):
        arc_list.append((pos[src], pos[dst], rads[(src, dst, key)], data.get("label_at", 0.5)))
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
        # a label shared by several arcs (one actor, one act, equal counts) may cover all of them
        owners.append(
            {
                index[(s2, d2, k2)]
                for s2, d2, k2, d in graph.edges(keys=True, data=True)
                if s2 == src and d["label"] == data["label"] and d["weight"] == data["weight"]
            }
        )
        edge_labels.append(
            ax.text(
                *place,
                f"{data['label']}\n{edge_text(data['weight'], single)}",
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
    ax.legend(handles=_key_handles(), loc="lower right", fontsize=8, handlelength=1.6)
    st.title(fig, "Who armed whom and who struck whom", result, detail)
    if own:
        st.footer(
            fig,
            f"Edge width and label: {scale}. A greyed node has no arrow: it made and received "
            "none of the acts drawn here (it may still have acted otherwise, e.g. deployed "
            "trainers or issued threats). Scenario-conditional, not a forecast.",
        )
    arcs.place_labels(fig, ax, edge_labels, arc_list, owners, list(patches.values()))
    return fig
