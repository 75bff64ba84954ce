"""Third-party recipients of Russian long-range weapons: flashpoints and spill-over (P6, P7, P11).

One recipient actor per region (Middle East, Asia, Latin America; P7), each with its own
hostility toward the West and capacity to use long-range systems. Their names come from the
theatre table (:mod:`escalation_sim.core.theatres`).
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import REGIONS, Theatre, region_theatre, theatre
from .base import EventRule, Phase
from .kinds import ActorKind, declare_kind
from .registry import register

RECIPIENTS = declare_kind(
    ActorKind(
        "recipient",
        section="recipients",
        title="recipient region",
        many=True,
        min_members=len(REGIONS),
        max_members=len(REGIONS),
        naming=lambda region: theatre(region).recipients,
    )
)


@register
class Provoke(EventRule):
    """A recipient acts on regional tension (an escalatory act against the West's partners in
    its region). Like Epstein's civil-violence agents, it acts when a state-dependent propensity
    clears a random draw: hostility x tension, multiplied by the long-range stock Russia gave it
    (P6 destabilisation, P11 recipients become flashpoints)."""

    id = "recipient.provoke"
    actor = RECIPIENTS.name
    action = "escalatory act in region"
    paragraphs = ("P6", "P7", "P11")
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    trigger = "regional tension > 0"
    response = "regional ladder +1"
    parameters = (
        "recipients.*.provocation_rate",
        "recipients.*.hostility",
        "recipients.*.stock_gain",
    )

    def probability(self, k, obs):
        g = k.column
        rate = (
            k.provocation_rate
            * k.hostility
            * obs.tension[:, g]
            * (1.0 + k.stock_gain * obs.stock[:, g])
        )
        return np.minimum(rate, 1.0)

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(region_theatre(k.column), fired)

    def ladder_theatre(self, k, target=None):
        return region_theatre(k.column)


@register
class Spillover(EventRule):
    """A regional war drags in the great powers: the Russia-NATO ladder climbs (P11, regional
    conflicts escalating into larger wars)."""

    id = "recipient.spillover"
    actor = RECIPIENTS.name
    action = "regional war spills over"
    paragraphs = ("P11",)
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    trigger = "regional ladder at or above the regional-war level"
    response = "Russia-NATO ladder +1"
    parameters = ("outcomes.spillover_rate", "outcomes.regional_war_level")

    def probability(self, k, obs):
        at_war = obs.ladder[:, region_theatre(k.column)] >= k.regional_war_level
        return np.where(at_war, k.spillover_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, k, target=None):
        return Theatre.NATO
