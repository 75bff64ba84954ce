"""Third-party recipients' rules: flashpoints and spill-over (P6, P7, P11).

One recipient actor per region (Middle East, Asia, Latin America; P7), each with its own
hostility toward the West and capacity to use long-range systems.
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import Theatre, region_theatre
from .base import EventRule, Phase, register


@register
class Provoke(EventRule):
    """A recipient acts on regional tension (an escalatory act against the West's partners in
    its region). Like Epstein's civil-violence agents, it acts when a state-dependent propensity
    clears a random draw: hostility x tension, multiplied by the long-range stock Russia gave it
    (P6 destabilisation, P11 recipients become flashpoints)."""

    id = "recipient.provoke"
    actor = "recipient"
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

    def probability(self, actor, obs):
        p = actor.params
        g = actor.slot
        rate = (
            p.provocation_rate
            * p.hostility
            * obs.tension[:, g]
            * (1.0 + p.stock_gain * obs.stock[:, g])
        )
        return np.minimum(rate, 1.0)

    def apply(self, actor, world, fired):
        world.raise_ladder(region_theatre(actor.slot), fired)

    def ladder_theatre(self, actor, target=None):
        return region_theatre(actor.slot)


@register
class Spillover(EventRule):
    """A regional war drags in the great powers: the Russia-NATO ladder climbs (P11, regional
    conflicts escalating into larger wars)."""

    id = "recipient.spillover"
    actor = "recipient"
    action = "regional war spills over"
    paragraphs = ("P11",)
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    trigger = "regional ladder at or above the regional-war level"
    response = "Russia-NATO ladder +1"
    parameters = ("outcomes.spillover_rate", "outcomes.regional_war_level")

    def probability(self, actor, obs):
        o = actor.model.params.outcomes
        at_war = obs.ladder[:, region_theatre(actor.slot)] >= o.regional_war_level
        return np.where(at_war, o.spillover_rate, 0.0)

    def apply(self, actor, world, fired):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, actor, target=None):
        return Theatre.NATO
