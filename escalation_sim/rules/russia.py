"""Russia: co-belligerence, the asymmetric response, targeting and signalling
(P1, P3, P4, P5, P6, P7, P9, P10, P14)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import REGIONS, Theatre, region_theatre
from .base import EventRule, Lever, Phase, clip01
from .kinds import ActorKind, declare_kind
from .registry import register

RUSSIA = declare_kind(ActorKind("russia", section="russia", title="Russia"))


def hostility_multiplier(k, obs) -> np.ndarray:
    """x cobelligerent_multiplier once Russia treats the West as a co-belligerent (P3)."""
    return np.where(obs.cobelligerent, k.cobelligerent_multiplier, 1.0)


@register
class DeclareCobelligerence(EventRule):
    """Russia's perceived Western involvement crosses its threshold: it now treats the West as a
    party to the war (P3). The declaration moves no ladder by itself; it multiplies Russia's
    hostile rules toward the West (transfers, strikes on trainers) and enables direct acts."""

    id = "russia.declare_cobelligerence"
    actor = RUSSIA.name
    action = "declare West a co-belligerent"
    paragraphs = ("P3",)
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "perceived involvement >= co-belligerence threshold (first time)"
    response = "co-belligerent: hostile rules toward the West multiplied"
    parameters = ("russia.cobelligerence_threshold",)

    def probability(self, k, obs):
        crossed = (obs.involvement >= k.cobelligerence_threshold) & ~obs.cobelligerent
        return crossed.astype(float)

    def apply(self, k, world, fired, choice=None):
        world.cobelligerent |= fired


@register
class StrikeTrainers(EventRule):
    """Russia strikes a Western state's trainers in Ukraine (P4 names French troops; P5: this is
    how Western personnel lead to direct confrontation). Drawn per state with trainers deployed;
    more likely once the West is a co-belligerent (P3)."""

    id = "russia.strike_trainers"
    actor = RUSSIA.name
    action = "strike Western trainers"
    paragraphs = ("P4", "P5")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a Western state has trainers in Ukraine, no ceasefire"
    response = "strike on that state's trainers; Russia-NATO ladder +1"
    parameters = ("russia.trainer_targeting", "russia.cobelligerent_multiplier", "west.*")

    def targets(self, k):
        return k.west

    def probability(self, k, obs):
        rate = clip01(k.trainer_targeting * hostility_multiplier(k, obs))
        return np.where(obs.trainers, rate[:, None], 0.0)

    def feasible(self, k, world, fired):
        return fired & world.trainers & ~world.ceasefire[:, None]

    def apply(self, k, world, fired, choice=None):
        hit = fired.any(axis=1)
        world.trainers_struck[fired] = 0
        world.raise_ladder(Theatre.NATO, hit)

    def ladder_theatre(self, k, target=None):
        return Theatre.NATO


@register
class DirectAction(EventRule):
    """Once co-belligerent, Russia may act directly against Western states (P3), but the Cold
    War pattern of avoiding direct conflict suppresses most such acts (P10 restraint)."""

    id = "russia.direct_action"
    actor = RUSSIA.name
    action = "direct act against the West"
    paragraphs = ("P3", "P5", "P10")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "West treated as co-belligerent, no ceasefire"
    response = "Russia-NATO ladder +1"
    parameters = ("russia.direct_action_rate", "russia.direct_restraint")

    def probability(self, k, obs):
        rate = k.direct_action_rate * (1.0 - k.direct_restraint)
        return np.where(obs.cobelligerent & ~obs.ceasefire, rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, k, target=None):
        return Theatre.NATO


@register
class ShowOfForce(EventRule):
    """After recent deep strikes Russia signals with a show of force or nuclear rhetoric,
    lifting the war ladder up to the nuclear brink (P9 deteriorating environment, P14
    aggressive postures)."""

    id = "russia.show_of_force"
    actor = RUSSIA.name
    action = "show of force / nuclear signalling"
    paragraphs = ("P9", "P14")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = (
        "deep strike within the signalling window (default 2 weeks), war ladder below the "
        "signalling ceiling (default 6, nuclear brink), no ceasefire"
    )
    response = "war ladder raised one level (at most to the signalling ceiling)"
    parameters = (
        "russia.show_of_force",
        "russia.show_of_force_window_weeks",
        "russia.signalling_ceiling",
    )

    def probability(self, k, obs):
        gate = (
            (obs.since_strike <= k.show_of_force_window_weeks)
            & (obs.ladder[:, Theatre.UKRAINE] < k.signalling_ceiling)
            & ~obs.ceasefire
        )
        return np.where(gate, k.show_of_force, 0.0)

    def apply(self, k, world, fired, choice=None):
        below = world.ladder[:, Theatre.UKRAINE] < k.signalling_ceiling
        world.raise_ladder(Theatre.UKRAINE, fired & below)

    def ladder_theatre(self, k, target=None):
        return Theatre.UKRAINE


@register
class TransferLongRange(EventRule):
    """The asymmetric response (P1): Russia supplies long-range capability to a recipient hostile
    to the West. Adaptive follow-through: the weekly probability grows with perceived Western
    involvement (P2) and is multiplied by ``cobelligerent_multiplier`` (default 2) once the West
    is a co-belligerent (P3). The region is drawn by Russia's influence there times the
    recipients' capacity (P7); the recipient's stock and its region's tension rise (P6) and the
    regional ladder moves up one level."""

    id = "russia.transfer_long_range"
    actor = RUSSIA.name
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
        "russia.cobelligerent_multiplier",
        "russia.transfer_size",
        "recipients.*.russian_influence",
        "recipients.*.capacity",
        "recipients.*.tension_per_transfer",
    )
    lever = Lever(
        "transfer_long_range",
        ("P1", "P6"),
        needs="region",
        response="recipient stock, tension and regional ladder rise",
    )

    def prepare(self, k):
        """Cumulative weights of the regions: Russia's influence times recipients' capacity."""
        w = k.russian_influence * k.capacity
        w = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
        k.region_weights = np.cumsum(w)
        k.region_weights[-1] = 1.0

    def targets(self, k):
        return REGIONS

    def probability(self, k, obs):
        gate = (obs.since_strike <= k.response_window_weeks) & ~obs.ceasefire
        rate = (
            k.transfer_follow_through
            * (1.0 + k.involvement_gain * obs.involvement)
            * hostility_multiplier(k, obs)
        )
        return np.where(gate, clip01(rate), 0.0)

    def apply(self, k, world, fired, choice=None):
        if choice is None:  # drawn: the region by weight, from the rule's second draw
            u = k.uniform(draw=1)
            region = np.minimum(
                np.searchsorted(k.region_weights, u, side="right"), len(REGIONS) - 1
            )
        else:  # scheduled: the event names the region
            region = np.full(world.n, REGIONS.index(choice))
        idx = np.flatnonzero(fired)
        world.receive_transfer(idx, region[idx], k.transfer_size, k.tension_per_transfer)
        return region

    def ladder_theatre(self, k, target=None):
        return None if target is None else region_theatre(target)
