"""Who armed whom and who struck whom: the actors as a network, read from the event log.

Nodes are the actors of the model (Russia, Ukraine, each Western state, the recipients of each
region, the mediators) plus two collective targets: the West as a whole (Russia's direct action)
and the Russia-NATO ladder (regional spillover). Edges are rule firings counted per replicate.
Positions are fixed by role - the West on the left, Ukraine and Russia in the centre, the
recipients on the right - so that figures of different runs can be compared at a glance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..core.theatres import REGIONS, theatre
from . import arcs
from . import style as st

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..engine.ensemble import EnsembleResult

WEST = "the West (collective)"
NATO_LADDER = "Russia-NATO ladder"

NODE_COLOURS = {
    "russia": "#f4c7c3",
    "ukraine": "#c6dbef",
    "west": "#dadaeb",
    "recipient": "#fdd0a2",
    "mediators": "#c7e9c0",
    "collective": "#eeeeee",
}


@dataclass(frozen=True)
class Relation:
    """How firings of one rule become an edge: its label, colour and end points.

    ``source`` and ``target`` map the event's (actor, target) strings to node names; ``at`` is
    where along the arc (0 source, 1 target) the label goes, so that labels of arcs that run
    side by side - retaliation and trainer strikes between the West and Russia, permissions
    converging on Ukraine - land in different places.
    """

    label: str
    colour: str
    source: Callable[[str, str | None], str | None]
    target: Callable[[str, str | None], str | None]
    at: float = 0.5


def _const(name: str) -> Callable[[str, str | None], str]:
    return lambda _actor, _target: name


def _actor(actor: str, _target: str | None) -> str:
    return actor


def _target(_actor: str, target: str | None) -> str | None:
    return target


def _recipients_of(_actor: str, region: str | None) -> str | None:
    return theatre(region).recipients if region is not None else None


_PERMITS = Relation("permits", "#2166ac", _actor, _const("Ukraine"), at=0.45)
_ARMS = Relation("arms", "#d9822b", _const("Russia"), _recipients_of)

#: Rules drawn as edges. Scheduled levers (``scenario.*``) count like the rules they stand for;
#: their actor column holds the name as written in the scenario file (e.g. ``russia``), so the
#: end points are taken from the rule, not from that name, wherever the rule fixes them.
RELATIONS: dict[str, tuple[Relation, ...]] = {
    "ukraine.deep_strike": (
        Relation("deep strikes", "#b2182b", _const("Ukraine"), _const("Russia")),
    ),
    "russia.transfer_long_range": (_ARMS,),
    "scenario.transfer_long_range": (_ARMS,),
    "russia.strike_trainers": (
        Relation("strikes trainers", "#67001f", _const("Russia"), _target, at=0.5),
    ),
    "west.retaliate": (Relation("retaliates", "#542788", _actor, _const("Russia"), at=0.45),),
    "russia.direct_action": (Relation("direct action", "#67001f", _const("Russia"), _const(WEST)),),
    "recipient.spillover": (Relation("spillover", "#8c510a", _actor, _const(NATO_LADDER)),),
    "west.permit_deep_strikes": (_PERMITS,),
    "scenario.permit_deep_strikes": (_PERMITS,),
    "mediators.broker_ceasefire": (
        Relation("brokers ceasefire", "#1b7837", _const("Mediators"), _const("Ukraine")),
        Relation("brokers ceasefire", "#1b7837", _const("Mediators"), _const("Russia")),
    ),
}


#: Horizontal position of each column of the layout (data units; the axes keep equal aspect).
_X_WEST, _X_UKRAINE, _X_RUSSIA, _X_RECIPIENTS, _X_LADDER = 0.0, 2.4, 4.8, 6.9, 8.7


def _layout(states: list[str]) -> dict[str, tuple[tuple[float, float], str]]:
    """Hand-placed positions (data units, equal aspect) and node kinds.

    The West's states stack on the left, Ukraine and Russia sit in the centre, the recipients
    stack on the right with the Russia-NATO ladder they can spill over into beyond them; the West
    as a whole sits above Ukraine and the mediators below, between the two belligerents.
    """
    spacing = 0.9
    half = spacing * (len(states) - 1) / 2
    top = max(half, 1.3) + 1.0
    nodes: dict[str, tuple[tuple[float, float], str]] = {
        "Ukraine": ((_X_UKRAINE, 0.0), "ukraine"),
        "Russia": ((_X_RUSSIA, 0.0), "russia"),
        "Mediators": (((_X_UKRAINE + _X_RUSSIA) / 2, -top), "mediators"),
        WEST: ((_X_UKRAINE, top), "collective"),
        NATO_LADDER: ((_X_LADDER, 0.0), "collective"),
    }
    for i, state in enumerate(states):
        nodes[state] = ((_X_WEST, half - i * spacing), "west")
    for i, region in enumerate(REGIONS):
        nodes[theatre(region).recipients] = ((_X_RECIPIENTS, 1.3 - 1.3 * i), "recipient")
    return nodes


def actor_graph(result: EnsembleResult, replicate: int | None = None) -> nx.MultiDiGraph:
    """The actor network of an ensemble (or of one replicate) as a networkx graph.

    Parameters
    ----------
    result
        An ensemble run with its event log (``simulate(..., events=True)``).
    replicate
        Count the firings of this replicate only; by default, average over the ensemble.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``pos`` and ``kind``; each edge carries ``label``, ``colour``, ``count``
        (firings), ``weight`` (firings per replicate, or the count for one replicate) and
        ``label_at`` (where its label goes along the arc).

    Raises
    ------
    ValueError
        If the result has no event log, or ``replicate`` is not one of its replicates.
    """
    events = result.events
    if events is None:
        raise ValueError(
            f"{result.scenario.name}: the ensemble ran without an event log; "
            "rerun with simulate(..., events=True) to draw the actor network"
        )
    if replicate is not None:
        known = result.outcomes["replicate"].to_numpy()
        if replicate not in known:
            raise ValueError(
                f"replicate(={replicate}) is not in this ensemble "
                f"(replicates {known.min()}..{known.max()})"
            )
        events = events[events["replicate"] == replicate]
    states = list(result.scenario.params.west)
    graph = nx.MultiDiGraph()
    for name, (pos, kind) in _layout(states).items():
        graph.add_node(name, pos=pos, kind=kind)
    relevant = events[events["rule"].astype(str).isin(RELATIONS)]
    counts = (
        pd.DataFrame(
            {
                "rule": relevant["rule"].astype(str).to_numpy(),
                "actor": relevant["actor"].astype(object).to_numpy(),
                "target": relevant["target"].astype(object).to_numpy(),
            }
        )
        .fillna({"actor": "", "target": ""})
        .value_counts()
    )
    per = 1 if replicate is not None else max(result.replicates, 1)
    totals: dict[tuple[str, str, str], list] = {}
    for (rule, actor, target), count in counts.items():
        for rel in RELATIONS[rule]:
            src = rel.source(actor, target or None)
            dst = rel.target(actor, target or None)
            if src not in graph or dst not in graph:
                continue  # e.g. a target the layout does not know: nothing sensible to draw
            key = (src, dst, rel.label)
            totals.setdefault(key, [rel, 0])[1] += int(count)
    for (src, dst, label), (rel, count) in totals.items():
        graph.add_edge(
            src,
            dst,
            key=label,
            label=label,
            colour=rel.colour,
            count=count,
            weight=count / per,
            label_at=rel.at,
        )
    return graph


def _bulge(src: tuple[float, float], dst: tuple[float, float], label: str) -> float:
    """Curvature (matplotlib ``arc3`` rad) that keeps long West-Russia arcs clear of Ukraine.

    Edges between a Western state and Russia pass by Ukraine's node; they bow away from the
    centre line, on the side of the state, and trainer strikes bow further than retaliation so
    that the two directions between one pair stay apart.
    """
    (x1, y1), (x2, y2) = src, dst
    if abs(x2 - x1) < _X_RUSSIA - _X_WEST - 0.5:  # not a West-Russia edge: a slight bow only
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
