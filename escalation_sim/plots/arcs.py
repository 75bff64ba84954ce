"""Curved arrows between fixed nodes, and where their labels go.

Arrows are matplotlib ``arc3`` connections: quadratic Bezier curves whose control point sits at
the chord's midpoint moved by ``rad`` times the chord turned a quarter turn. Knowing that curve
lets the network figure put each label on (or just beside) its own arrow, and then move it along
or beside that arrow until it covers no other arrow, label or node (:func:`place_labels`).
"""

from __future__ import annotations

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


def arc_points(src, dst, rad: float, n: int = 40, margin: float = 0.1) -> np.ndarray:
    """``n`` points along an arc (data units), leaving out ``margin`` of it at each end, where
    the arc is inside its nodes' boxes."""
    t = np.linspace(margin, 1.0 - margin, n)
    x, y = on_arc(src, dst, rad, t)
    return np.column_stack([x, y])


def place_labels(
    fig: Figure,
    ax: Axes,
    labels: list,
    arcs: list[tuple],
    owners: list[set[int]],
    obstacles: list,
    gap: float = 0.2,
) -> None:
    """Move each edge label to a spot beside its own arc that covers no arc, label or node.

    Parameters
    ----------
    labels
        The label texts (centred), already at their preferred spots.
    arcs
        Every arc as ``(src, dst, rad, t)``: end points, curvature and where along it its label
        prefers to sit.
    owners
        For each label, the indices of the arcs it names (it is placed beside those).
    obstacles
        Artists no label may cover (the node boxes).

    Notes
    -----
    Candidates run beside the label's own arc, on either side (its parameter moved by up to
    0.28); each is scored by the arcs' points and the boxes it would cover, then
    by its distance from the preferred spot, and labels are placed one after the other so that
    a placed label is an obstacle for the next. Where every candidate covers something, the
    least-covering one wins.
    """
    if not labels:
        return
    # settle the layout (and the equal aspect) so display places are final; a full draw would
    # also clip every arrow to its nodes, which costs more than the whole placement
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    ax.apply_aspect()
    to_display = ax.transData.transform
    points = [to_display(arc_points(a[0], a[1], a[2])) for a in arcs]
    fixed = [o.get_window_extent() for o in obstacles]
    placed: list = []
    pad = 3.0  # display pixels kept clear around a label
    for text, own in zip(labels, owners, strict=True):
        box = text.get_window_extent()
        half_w, half_h = box.width / 2 + pad, box.height / 2 + pad
        # its own arcs too: a label on its arc would hide it, so it goes beside
        other_points = np.vstack(points)
        candidates = []
        start = text.get_position()
        if len(own) == 1:
            src, dst, rad, at = arcs[next(iter(own))]
            for dt in (0.0, 0.07, -0.07, 0.14, -0.14, 0.21, -0.21, 0.28, -0.28):
                for side in (gap, -gap, 1.6 * gap, -1.6 * gap, 2.4 * gap, -2.4 * gap):
                    spot = beside_arc(src, dst, rad, side, min(max(at + dt, 0.15), 0.85))
                    candidates.append((spot, abs(dt) * 4 + abs(side) * 2))
        else:  # one label for several arcs: keep it near its spot, move it up or down
            for dy in (0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6):
                candidates.append(((start[0], start[1] + dy), abs(dy) * 2))
        best, best_score = start, np.inf
        for spot, cost in candidates:
            cx, cy = to_display(spot)
            x0, x1, y0, y1 = cx - half_w, cx + half_w, cy - half_h, cy + half_h
            inside = other_points[
                (other_points[:, 0] > x0)
                & (other_points[:, 0] < x1)
                & (other_points[:, 1] > y0)
                & (other_points[:, 1] < y1)
            ]
            hits = len(inside)
            for b in (*fixed, *placed):
                if b.x0 < x1 and x0 < b.x1 and b.y0 < y1 and y0 < b.y1:
                    hits += 10
            score = 100.0 * hits + cost
            if score < best_score:
                best, best_score = spot, score
        text.set_position(best)
        placed.append(text.get_window_extent())
