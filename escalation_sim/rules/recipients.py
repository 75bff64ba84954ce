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
    """Background escalation: the region's own conflicts flare with the weapons its actors
    already have. Like Epstein's civil-violence agents, the recipients act when a state-dependent
    propensity clears a random draw: ``provocation_rate x hostility x tension`` (P6, P7, P11).
    Russian-supplied weapons play no part (see ``recipient.use_russian_weapons``)."""

    id = "recipient.provoke"
    actor = RECIPIENTS.name
    action = "escalatory act in region"
    paragraphs = ("P6", "P7", "P11")
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    trigger = "regional tension > 0"
    response = "regional ladder +1 (at most to conventional war)"
    parameters = ("recipients.*.provocation_rate", "recipients.*.hostility")

    def probability(self, k, obs):
        g = k.column
        return np.minimum(k.provocation_rate * k.hostility * obs.tension[:, g], 1.0)

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(region_theatre(k.column), fired)

    def ladder_theatre(self, k, target=None):
        return region_theatre(k.column)


@register
class UseRussianWeapons(EventRule):
    """The recipients use the long-range weapons Russia gave them (P6, P11: recipients become
    flashpoints). The hazard is the background one times ``stock_gain x stock``, so a region's
    total rate of escalatory acts is ``provocation_rate x hostility x tension x (1 + stock_gain
    x stock)``, split into the part without and the part with Russian-supplied weapons. Where
    the act leaves the region at or above the regional-war level, a regional war involving
    Russian-supplied weapons is under way: the ``regional_war`` outcome (P11)."""

    id = "recipient.use_russian_weapons"
    actor = RECIPIENTS.name
    action = "strike with Russian-supplied weapons"
    paragraphs = ("P6", "P11")
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    trigger = "recipients hold Russian long-range stock, regional tension > 0"
    response = "regional ladder +1; at war level: regional war with Russian-supplied weapons"
    parameters = (
        "recipients.*.provocation_rate",
        "recipients.*.hostility",
        "recipients.*.stock_gain",
        "outcomes.regional_war_level",
    )

    def probability(self, k, obs):
        g = k.column
        rate = k.provocation_rate * k.hostility * obs.tension[:, g] * k.stock_gain * obs.stock[:, g]
        return np.minimum(rate, 1.0)

    def apply(self, k, world, fired, choice=None):
        t = region_theatre(k.column)
        world.raise_ladder(t, fired)
        world.russian_war[:, k.column] |= fired & (world.ladder[:, t] >= k.regional_war_level)

    def ladder_theatre(self, k, target=None):
        return region_theatre(k.column)


@register
class Spillover(EventRule):
    """A regional war fought with Russian-supplied weapons drags in the great powers: the
    Russia-NATO ladder climbs (P11: long-range missiles for hostile entities raise the risk of
    regional conflicts escalating into larger wars). A regional war without them does not: the
    wars in the Middle East from October 2023 - Gaza, the Houthis' Red Sea campaign, US and UK
    strikes in Yemen from January 2024, Iran's strike on Israel in April 2024 - moved Russia and
    NATO no closer to a direct clash."""

    id = "recipient.spillover"
    actor = RECIPIENTS.name
    action = "regional war spills over"
    paragraphs = ("P11",)
    phase = Phase.REGIONAL
    category = Category.VIOLENT
    path = "regional spillover"
    trigger = "regional ladder at or above the regional-war level, Russian-supplied weapons used"
    response = "Russia-NATO ladder +1"
    parameters = ("outcomes.spillover_rate", "outcomes.regional_war_level")

    def probability(self, k, obs):
        g = k.column
        # every level reached counts: last week's peak, even if its de-escalation undid it
        at_war = obs.recent_level(region_theatre(g)) >= k.regional_war_level
        return np.where(at_war & obs.russian_war[:, g], k.spillover_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, k, target=None):
        return Theatre.NATO
