"""Russia's rules: co-belligerence, the asymmetric response, targeting and signalling
(P1, P3, P4, P5, P6, P7, P9, P10, P14)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import MAX_LEVEL, Category
from ..core.theatres import REGIONS, Theatre, region_theatre
from .base import EventRule, Phase, clip01, register


def hostility_multiplier(actor, obs) -> np.ndarray:
    """x cobelligerent_multiplier once Russia treats the West as a co-belligerent (P3)."""
    return np.where(obs.cobelligerent, actor.params.cobelligerent_multiplier, 1.0)


@register
class DeclareCobelligerence(EventRule):
    """Russia's perceived Western involvement crosses its threshold: it now treats the West as a
    party to the war (P3). The declaration moves no ladder by itself; it multiplies Russia's
    hostile rules toward the West (transfers, strikes on trainers) and enables direct acts."""

    id = "russia.declare_cobelligerence"
    actor = "russia"
    action = "declare West a co-belligerent"
    paragraphs = ("P3",)
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "perceived involvement >= co-belligerence threshold (first time)"
    response = "co-belligerent: hostile rules toward the West multiplied"
    parameters = ("russia.cobelligerence_threshold", "russia.cobelligerent_multiplier")

    def probability(self, actor, obs):
        crossed = (obs.involvement >= actor.params.cobelligerence_threshold) & ~obs.cobelligerent
        return crossed.astype(float)

    def apply(self, actor, world, fired):
        world.cobelligerent |= fired


@register
class StrikeTrainers(EventRule):
    """Russia strikes a Western state's trainers in Ukraine (P4 names French troops; P5: this is
    how Western personnel lead to direct confrontation). Drawn per state with trainers deployed;
    more likely once the West is a co-belligerent (P3)."""

    id = "russia.strike_trainers"
    actor = "russia"
    action = "strike Western trainers"
    paragraphs = ("P4", "P5")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a Western state has trainers in Ukraine, no ceasefire"
    response = "strike on that state's trainers; Russia-NATO ladder +1"
    parameters = ("russia.trainer_targeting", "russia.cobelligerent_multiplier")

    def targets(self, actor):
        return actor.model.west_names

    def probability(self, actor, obs):
        rate = clip01(actor.params.trainer_targeting * hostility_multiplier(actor, obs))
        return np.where(obs.trainers, rate[:, None], 0.0)

    def feasible(self, actor, world, fired):
        return fired & world.trainers & ~world.ceasefire[:, None]

    def apply(self, actor, world, fired):
        hit = fired.any(axis=1)
        world.trainers_struck[fired] = 0
        world.raise_ladder(Theatre.NATO, hit)

    def ladder_theatre(self, actor, target=None):
        return Theatre.NATO


@register
class DirectAction(EventRule):
    """Once co-belligerent, Russia may act directly against Western states (P3), but the Cold
    War pattern of avoiding direct conflict suppresses most such acts (P10 restraint)."""

    id = "russia.direct_action"
    actor = "russia"
    action = "direct act against the West"
    paragraphs = ("P3", "P5", "P10")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "West treated as co-belligerent, no ceasefire"
    response = "Russia-NATO ladder +1"
    parameters = ("russia.direct_action_rate", "russia.direct_restraint")

    def probability(self, actor, obs):
        p = actor.params
        rate = p.direct_action_rate * (1.0 - p.direct_restraint)
        return np.where(obs.cobelligerent & ~obs.ceasefire, rate, 0.0)

    def apply(self, actor, world, fired):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, actor, target=None):
        return Theatre.NATO


@register
class ShowOfForce(EventRule):
    """After recent deep strikes Russia signals with a show of force or nuclear rhetoric,
    lifting the war ladder to the nuclear brink (P9 deteriorating environment, P14 aggressive
    postures)."""

    id = "russia.show_of_force"
    actor = "russia"
    action = "show of force / nuclear signalling"
    paragraphs = ("P9", "P14")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = (
        "deep strike within the last 2 weeks, war ladder below the nuclear brink, no ceasefire"
    )
    response = "war ladder raised one level (at most to 6, nuclear brink)"
    parameters = ("russia.show_of_force",)

    BRINK = 6

    def probability(self, actor, obs):
        gate = (
            (obs.since_strike <= 2) & (obs.ladder[:, Theatre.UKRAINE] < self.BRINK) & ~obs.ceasefire
        )
        return np.where(gate, actor.params.show_of_force, 0.0)

    def apply(self, actor, world, fired):
        below = world.ladder[:, Theatre.UKRAINE] < min(self.BRINK, MAX_LEVEL)
        world.raise_ladder(Theatre.UKRAINE, fired & below)

    def ladder_theatre(self, actor, target=None):
        return Theatre.UKRAINE


@register
class TransferLongRange(EventRule):
    """The asymmetric response (P1): Russia supplies long-range capability to a recipient hostile
    to the West. Adaptive follow-through: the weekly probability grows with perceived Western
    involvement (P2) and is multiplied by ``cobelligerent_multiplier`` (default 2) once the West
    is a co-belligerent (P3). The region is drawn by
    Russia's influence there times the recipients' capacity (P7); the recipient's stock and its
    region's tension rise (P6) and the regional ladder moves up one level."""

    id = "russia.transfer_long_range"
    actor = "russia"
    action = "transfer long-range capability"
    paragraphs = ("P1", "P6", "P7")
    phase = Phase.RESPONSE
    category = Category.NON_VIOLENT
    trigger = "deep strike within the response window, no ceasefire"
    response = "recipient in a region gains long-range stock; tension and regional ladder rise"
    parameters = (
        "russia.transfer_follow_through",
        "russia.involvement_gain",
        "russia.response_window_weeks",
        "russia.transfer_size",
        "recipients.*.russian_influence",
        "recipients.*.capacity",
        "recipients.*.tension_per_transfer",
    )

    def probability(self, actor, obs):
        p = actor.params
        gate = (obs.since_strike <= p.response_window_weeks) & ~obs.ceasefire
        rate = (
            p.transfer_follow_through
            * (1.0 + p.involvement_gain * obs.involvement)
            * hostility_multiplier(actor, obs)
        )
        return np.where(gate, clip01(rate), 0.0)

    def apply(self, actor, world, fired):
        weights = actor.model.region_weights  # (G,) cumulative, sums to 1
        u = actor.model.draw(self, actor.name, slot=1)
        region = np.minimum(np.searchsorted(weights, u, side="right"), len(REGIONS) - 1)
        idx = np.flatnonzero(fired)
        world.receive_transfer(
            idx, region[idx], actor.params.transfer_size, actor.model.tension_per_transfer
        )
        return region

    def ladder_theatre(self, actor, target=None):
        return None if target is None else region_theatre(target)
