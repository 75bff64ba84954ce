"""Russia: co-belligerence (declared and acted on), the asymmetric response, targeting and
signalling (P1, P3, P4, P5, P6, P7, P9, P10, P14)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import REGIONS, Theatre
from ..core.world import DECISIONS
from .base import EventRule, Lever, Phase, clip01
from .kinds import ActorKind, declare_kind
from .registry import register

RUSSIA = declare_kind(ActorKind("russia", section="russia", title="Russia"))


def region_weights(k) -> None:
    """Cumulative weights of the regions for Russia's choice of recipient: its influence there
    times the recipients' capacity (P7); equal weights if all are zero."""
    w = k.russian_influence * k.capacity
    w = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
    k.region_weights = np.cumsum(w)
    k.region_weights[-1] = 1.0


def draw_region(k) -> np.ndarray:
    """A region per replicate by :func:`region_weights`, from the rule's second draw."""
    u = k.uniform(draw=1)
    # the regions whose cumulative weight is <= u, counted (a sorted search, written so that
    # weights per run - design points stepped together - work alike)
    below = (k.region_weights <= u[:, None]).sum(axis=1)
    return np.minimum(below, len(REGIONS) - 1)


def hostility_multiplier(k, obs) -> np.ndarray:
    """x cobelligerent_multiplier once Russia treats the West as a co-belligerent (P3)."""
    return np.where(obs.cobelligerent, k.cobelligerent_multiplier, 1.0)


@register
class DeclareCobelligerence(EventRule):
    """The declaratory side of co-belligerence (P3): Russia says the West is a party to the
    war once its perceived involvement reaches ``declaration_threshold``. Rhetoric and doctrine
    only - the declaration changes none of Russia's rules; what Russia does follows
    ``russia.treat_as_cobelligerent``. At the article's date the rhetoric is already there (P3),
    so with the defaults it holds from week 0."""

    id = "russia.declare_cobelligerence"
    actor = RUSSIA.name
    action = "declare West a party to the war"
    paragraphs = ("P3",)
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "perceived involvement >= declaration threshold, not yet declared"
    response = "declared (rhetoric only: no rule changes)"
    parameters = ("russia.declaration_threshold",)

    def probability(self, k, obs):
        return ((obs.involvement >= k.declaration_threshold) & ~obs.declared).astype(float)

    def apply(self, k, world, fired, choice=None):
        world.declared |= fired


@register
class TreatAsCobelligerent(EventRule):
    """Russia acts on its perception (P3): once perceived involvement reaches this replicate's
    threshold (drawn from ``cobelligerence_threshold`` +- ``cobelligerence_threshold_spread``),
    it treats the West as a party to the war with weekly probability ``cobelligerence_rate``.
    That multiplies its hostile rules toward the West (transfers, strikes on trainers) and
    enables direct acts; no ladder moves by itself."""

    id = "russia.treat_as_cobelligerent"
    actor = RUSSIA.name
    action = "treat West as a co-belligerent"
    paragraphs = ("P3", "P5")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "perceived involvement >= this replicate's threshold, not yet co-belligerent"
    response = "co-belligerent: hostile rules toward the West multiplied, direct acts possible"
    parameters = ("russia.cobelligerence_rate",)

    def probability(self, k, obs):
        crossed = (obs.involvement >= obs.cob_threshold) & ~obs.cobelligerent
        return np.where(crossed, k.cobelligerence_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.cobelligerent |= fired


@register
class LapseCobelligerence(EventRule):
    """The co-belligerent stance lapses when the perception behind it fades (trainers gone,
    deep strikes stopped): perceived involvement below this replicate's threshold minus
    ``cobelligerence_hysteresis`` (P10: the superpowers step back from direct conflict)."""

    id = "russia.lapse_cobelligerence"
    actor = RUSSIA.name
    action = "co-belligerent stance lapses"
    paragraphs = ("P3", "P10")
    phase = Phase.RESPONSE
    category = Category.DE_ESCALATION
    trigger = "co-belligerent, perceived involvement < threshold - hysteresis"
    response = "no longer co-belligerent: hostile rules back to their base rates"
    parameters = ("russia.cobelligerence_hysteresis", "russia.cobelligerence_lapse_rate")

    def probability(self, k, obs):
        faded = obs.involvement < obs.cob_threshold - k.cobelligerence_hysteresis
        return np.where(obs.cobelligerent & faded, k.cobelligerence_lapse_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.cobelligerent[fired] = False


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
    path = "strike on Western trainers"
    parameters = ("russia.trainer_targeting", "russia.cobelligerent_multiplier", "west.*")

    def targets(self, k):
        return k.west

    def probability(self, k, obs):
        rate = clip01(k.trainer_targeting * hostility_multiplier(k, obs))
        return np.where(obs.trainers & ~obs.ceasefire[:, None], rate[:, None], 0.0)

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
    path = "Russian direct act"
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
    """Russia signals with a show of force or nuclear rhetoric, lifting the war ladder up to the
    nuclear brink (P9 deteriorating environment, P14 aggressive postures). It answers a recent
    deep strike or a recent Western decision (a permission, trainers sent, a delivery announced):
    in May 2024 Russia announced exercises of its non-strategic nuclear forces in answer to
    Western leaders' statements on troops and on the use of Western weapons, before any
    strike with them inside Russia."""

    id = "russia.show_of_force"
    actor = RUSSIA.name
    action = "show of force / nuclear signalling"
    paragraphs = ("P9", "P14")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = (
        "deep strike or Western decision within the signalling window (default 2 weeks), war "
        "ladder below the signalling ceiling (default 6, nuclear brink), no ceasefire"
    )
    response = "war ladder raised one level (at most to the signalling ceiling)"
    parameters = (
        "russia.show_of_force",
        "russia.show_of_force_window_weeks",
        "russia.signalling_ceiling",
    )

    def probability(self, k, obs):
        window = k.show_of_force_window_weeks
        recent = (obs.since_strike <= window) | (obs.since_seen_decision <= window)
        gate = recent & (obs.ladder[:, Theatre.UKRAINE] < k.signalling_ceiling) & ~obs.ceasefire
        return np.where(gate, k.show_of_force, 0.0)

    def apply(self, k, world, fired, choice=None):
        below = world.ladder[:, Theatre.UKRAINE] < k.signalling_ceiling
        world.raise_ladder(Theatre.UKRAINE, fired & below)

    def ladder_theatre(self, k, target=None):
        return Theatre.UKRAINE


@register
class TransferLongRange(EventRule):
    """The asymmetric response (P1): Russia supplies long-range capability to a recipient hostile to
    the West. Follow-through is a decision that weighs benefit against cost: the weekly
    probability grows with perceived Western involvement (P2), is multiplied by
    ``cobelligerent_multiplier`` (default 2) once the West is a co-belligerent (P3), and is
    divided by ``1 + transfer_cost x (Russia-NATO levels above start + earlier transfers the
    West answered)`` (P10: the risk of a Western answer and a wider clash). A transfer while
    a threat stands carries the threat out (the West's belief in Russian credibility rises). The
    region is drawn by Russia's influence there times the recipients' capacity (P7); the
    recipient's stock and its region's tension rise (P6). A delivery is not an act of violence:
    no ladder moves until the recipients use the weapons (``recipient.use_russian_weapons``)."""

    id = "russia.transfer_long_range"
    actor = RUSSIA.name
    action = "transfer long-range capability"
    paragraphs = ("P1", "P6", "P7", "P10")
    phase = Phase.RESPONSE
    category = Category.NON_VIOLENT
    trigger = "deep strike within the response window, no ceasefire"
    response = "recipient in a region gains long-range stock; regional tension rises"
    parameters = (
        "russia.transfer_follow_through",
        "russia.transfer_cost",
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
        response="recipient stock and regional tension rise",
    )

    def prepare(self, k):
        region_weights(k)

    def targets(self, k):
        return REGIONS

    def probability(self, k, obs):
        gate = (obs.since_strike <= k.response_window_weeks) & ~obs.ceasefire
        cost = 1.0 + k.transfer_cost * (obs.nato_excess() + obs.answered_transfers)
        rate = (
            k.transfer_follow_through
            * (1.0 + k.involvement_gain * obs.involvement)
            * hostility_multiplier(k, obs)
            / cost
        )
        return np.where(gate, clip01(rate), 0.0)

    def apply(self, k, world, fired, choice=None):
        if choice is None:  # drawn: the region by weight, from the rule's second draw
            region = draw_region(k)
        else:  # scheduled: the event names the region
            region = np.full(world.n, REGIONS.index(choice))
        idx = np.flatnonzero(fired)
        g = region[idx]
        world.receive_transfer(
            idx, g, k.at("transfer_size", idx), k.at("tension_per_transfer", idx, g)
        )
        return region


@register
class IssueThreat(EventRule):
    """Russia answers a Western decision (a permission, trainers sent, a delivery announced) with
    a threat of consequences - the asymmetric response of P1 is one (P14: aggressive postures).
    The threat stands for ``threat_window_weeks``: carried out within them (a transfer) it is
    kept, otherwise it lapses and every Western state's belief in Russian credibility falls
    (``west.weigh_credibility``). One threat stands at a time."""

    id = "russia.issue_threat"
    actor = RUSSIA.name
    action = "threaten consequences"
    paragraphs = ("P1", "P14")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "a Western decision Russia sees for the first time, no threat standing, no ceasefire"
    response = "a threat against that decision stands for threat_window_weeks"
    parameters = ("russia.threat_rate",)

    def targets(self, k):
        return DECISIONS

    def probability(self, k, obs):
        gate = (obs.since_seen_decision == 1) & ~obs.threat_open & ~obs.ceasefire
        return np.where(gate, k.threat_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.threat_open |= fired
        world.threat_age[fired] = 0
        world.threats[fired] += 1
        world.threat_against[fired] = world.seen_decision[fired]
        return world.seen_decision


@register
class AssistRecipient(EventRule):
    """Assistance short of a transfer: targeting data, intelligence or brokering through a third
    state for a recipient hostile to the West - a rung below the asymmetric response (P1, P6).
    The region is drawn like a transfer's (P7); its tension rises by ``assist_tension``; no
    stock is delivered and no threat is carried out by it."""

    id = "russia.assist_recipient"
    actor = RUSSIA.name
    action = "assist a recipient short of a transfer"
    paragraphs = ("P1", "P6", "P7")
    phase = Phase.RESPONSE
    category = Category.POSTURING
    trigger = "deep strike within the response window or a threat standing, no ceasefire"
    response = "the region's tension + assist_tension"
    parameters = (
        "russia.assist_rate",
        "russia.assist_tension",
        "russia.response_window_weeks",
        "recipients.*.russian_influence",
        "recipients.*.capacity",
    )

    def prepare(self, k):
        region_weights(k)

    def targets(self, k):
        return REGIONS

    def probability(self, k, obs):
        live = (obs.since_strike <= k.response_window_weeks) | obs.threat_open
        return np.where(live & ~obs.ceasefire, k.assist_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        region = draw_region(k)
        idx = np.flatnonzero(fired)
        g = region[idx]
        gain = k.at("assist_tension", idx)
        world.tension[idx, g] = np.minimum(world.tension[idx, g] + gain, 1.0)
        return region
