"""Curved arrows between fixed nodes, and where their labels go.

Arrows are matplotlib ``arc3`` connections: quadratic Bezier curves whose control point sits at
the chord's midpoint moved by ``rad`` times the chord turned a quarter turn. Knowing that curve
lets the network figure put each label on (or just beside) its own arrow, and a last pass nudges
labels apart where several arrows run close together.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def on_arc(src, dst, rad: float, t: float) -> tuple[float, float]:
    """Point at parameter ``t`` of the quadratic Bezier curve matplotlib's ``arc3`` draws.

    ``arc3`` places the control point at the chord's midpoint plus ``rad * (dy, -dx)`` in display
    space; with equal aspect that is the same in data space up to one scale factor.
    """
    (x1, y1), (x2, y2) = src, dst
    cx = (x1 + x2) / 2 + rad * (y2 - y1)
    cy = (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1.0 - t
    return (u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2)


#: Line width (points) from which an edge's label moves beside the arc instead of onto it.
THICK = 3.0


def beside_arc(src, dst, rad: float, gap: float, t: float = 0.5) -> tuple[float, float]:
    """A label spot ``gap`` outside an arc at ``t`` (on the side the arc bows to)."""
    (x1, y1), (x2, y2) = src, dst
    mx, my = on_arc(src, dst, rad, t)
    length = float(np.hypot(x2 - x1, y2 - y1)) or 1.0
    side = 1.0 if rad >= 0 else -1.0  # the side the arc bows to
    return (mx + side * gap * (y2 - y1) / length, my - side * gap * (x2 - x1) / length)


def label_places(
    graph: nx.MultiDiGraph, pos, rads, widths
) -> dict[tuple, tuple[float, float] | None]:
    """Where each edge's label goes: on its arc, or one shared spot near the source.

    A label sits on a thin arc (which ties it to its arc where several arcs run close) but beside
    a thick one, which it would otherwise hide.

    Edges leaving one actor with the same label and weight (the mediators brokering a ceasefire
    between both belligerents) would repeat one label twice; they get a single label a third of
    the way along their arcs, averaged, and the other edges of the group get none.
    """
    groups: dict[tuple, list] = {}
    for src, dst, key, data in graph.edges(keys=True, data=True):
        groups.setdefault((src, data["label"], round(data["weight"], 9)), []).append((dst, key))
    places: dict[tuple, tuple[float, float] | None] = {}
    for (src, _label, _w), members in groups.items():
        if len(members) == 1:
            dst, key = members[0]
            edge = (src, dst, key)
            gap = 0.22 if widths[edge] >= THICK else 0.0
            at = graph.edges[edge].get("label_at", 0.5)
            places[edge] = beside_arc(pos[src], pos[dst], rads[edge], gap, at)
            continue
        points = [on_arc(pos[src], pos[d], rads[(src, d, k)], 0.38) for d, k in members]
        first, *rest = members
        places[(src, *first)] = (
            float(np.mean([p[0] for p in points])),
            float(np.mean([p[1] for p in points])),
        )
        for d, k in rest:
            places[(src, d, k)] = None
    return places


def declutter(fig: Figure, ax: Axes, labels: list, obstacles: list, rounds: int = 80) -> None:
    """Nudge edge labels up or down until none overlaps another label or a node.

    Fixed label spots along the arcs read well in most runs, but where many arcs run close (every
    Western state permitting, striking and retaliating) labels can collide; small vertical moves
    keep each label beside its own arc while separating it from its neighbours.
    """
    if not labels:
        return
    fig.draw_without_rendering()  # settles the layout, so display boxes are final
    to_data = ax.transData.inverted()
    fixed = [o.get_window_extent() for o in obstacles]
    margin = 4.0  # display pixels between boxes

    def shift(text, dy_pixels: float) -> None:
        x, y = text.get_position()
        px, py = ax.transData.transform((x, y))
        text.set_position(tuple(to_data.transform((px, py + dy_pixels))))

    def overlap(a, b) -> float:
        """Vertical overlap of two boxes that also overlap horizontally (0 if apart)."""
        if a.x1 + margin <= b.x0 or b.x1 + margin <= a.x0:
            return 0.0
        return max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0) + margin)

    for _ in range(rounds):
        moved = False
        boxes = [t.get_window_extent() for t in labels]
        for i, j in itertools.combinations(range(len(labels)), 2):
            d = overlap(boxes[i], boxes[j])
            if d > 0:
                up = 1.0 if boxes[i].y0 + boxes[i].y1 >= boxes[j].y0 + boxes[j].y1 else -1.0
                shift(labels[i], up * d / 2)
                shift(labels[j], -up * d / 2)
                boxes[i] = labels[i].get_window_extent()
                boxes[j] = labels[j].get_window_extent()
                moved = True
        for i, box in enumerate(boxes):
            for node in fixed:
                d = overlap(box, node)
                if d > 0:
                    up = 1.0 if box.y0 + box.y1 >= node.y0 + node.y1 else -1.0
                    shift(labels[i], up * d)
                    box = labels[i].get_window_extent()
                    moved = True
        if not moved:
            return
