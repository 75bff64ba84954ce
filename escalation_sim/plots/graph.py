"""The actor network as data: who armed whom and who struck whom, counted from the event log.

Nodes are the actors of the model (Russia, Ukraine, each Western state, the recipients of each
region, the mediators) plus two targets that are not actors: the West as a whole (Russia's
direct action; kind ``collective``) and the Russia-NATO escalation ladder (regional spillover;
kind ``ladder``). Edges are rule firings counted per replicate,
through :data:`RELATIONS`: which rules make an edge, from whom to whom. Positions are fixed by
role - the West on the left, Ukraine and Russia in the centre, the recipients on the right - so
that figures of different runs can be compared at a glance; :mod:`.network` draws the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from ..core.theatres import REGIONS, theatre

if TYPE_CHECKING:  # pragma: no cover
    from ..results.result import EnsembleResult

WEST = "the West (collective)"
NATO_LADDER = "Russia-NATO ladder"


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
X_WEST, X_UKRAINE, X_RUSSIA, X_RECIPIENTS, X_LADDER = 0.0, 2.4, 4.8, 6.9, 8.7


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
        "Ukraine": ((X_UKRAINE, 0.0), "ukraine"),
        "Russia": ((X_RUSSIA, 0.0), "russia"),
        "Mediators": (((X_UKRAINE + X_RUSSIA) / 2, -top), "mediators"),
        WEST: ((X_UKRAINE, top), "collective"),
        NATO_LADDER: ((X_LADDER, 0.0), "ladder"),
    }
    for i, state in enumerate(states):
        nodes[state] = ((X_WEST, half - i * spacing), "west")
    for i, region in enumerate(REGIONS):
        nodes[theatre(region).recipients] = ((X_RECIPIENTS, 1.3 - 1.3 * i), "recipient")
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
    if "events" not in result.tables:
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
    states = list(result.scenario.params.west)
    graph = nx.MultiDiGraph()
    for name, (pos, kind) in _layout(states).items():
        graph.add_node(name, pos=pos, kind=kind)
    counts = result.event_counts(replicate)  # counted batch by batch for a stored log
    counts = counts[counts["rule"].isin(list(RELATIONS))]
    per = 1 if replicate is not None else max(result.replicates, 1)
    totals: dict[tuple[str, str, str], list] = {}
    for rule, actor, target, count in counts.itertuples(index=False):
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
