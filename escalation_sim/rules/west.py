"""Western states: deep-strike permission, trainers, retaliation (P1, P4, P5, P8, P10).

Each rule is evaluated by every Western state separately (US, UK, France, Germany and any state a
scenario adds with ``[west.<name>]``), with that state's own parameters.
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import Theatre
from ..core.world import (
    DEEP,
    DEEP_PERMISSION,
    DELIVERY,
    LIMITED,
    LIMITED_PERMISSION,
    NONE,
    TRAINERS,
)
from .base import EventRule, Lever, Phase, clip01
from .kinds import ActorKind, declare_kind
from .registry import register

#: The Western states; the world's per-state arrays (permission, trainers, aid, beliefs) have one
#: column each.
#: At most 16: the recorded counts of permitting states and trainer states are binned up to 16.
WEST = declare_kind(
    ActorKind("west", section="west", title="Western state", many=True, max_members=16)
)


def restraint(k, obs) -> np.ndarray:
    """Divisor form of escalation aversion: 1 at the start, falling as Russia-NATO escalates."""
    return 1.0 / (1.0 + k.escalation_aversion * obs.nato_excess())


def credibility_factor(sensitivity, prior, belief: np.ndarray) -> np.ndarray:
    """How a belief in Russian credibility restrains a Western state (P1, P10):
    ``(1 + s x prior) / (1 + s x belief)`` - 1 while the belief is at its prior, above 1 once
    threats have lapsed unfulfilled, below 1 once one was carried out; 1 always when s = 0.
    Broadcasts over states (aid) as well as for one state's rule."""
    return (1.0 + sensitivity * prior) / (1.0 + sensitivity * belief)


def credibility_restraint(k, obs) -> np.ndarray:
    """:func:`credibility_factor` of the acting state (R,)."""
    return credibility_factor(
        k.credibility_sensitivity, k.credibility_prior, obs.credibility(k.column)
    )


def permission_probability(k, obs, rate: float, below: int) -> np.ndarray:
    """Weekly probability of granting a permission the state does not yet give (its level is
    below ``below``), no ceasefire: ``rate x (1 + s x pressure)`` x escalation restraint x
    credibility restraint, at most 1."""
    gate = (obs.permission[:, k.column] < below) & ~obs.ceasefire
    rate = (
        rate
        * (1.0 + k.pressure_sensitivity * obs.pressure)
        * restraint(k, obs)
        * credibility_restraint(k, obs)
    )
    return np.where(gate, clip01(rate), 0.0)


CREDIBILITY = ("west.*.credibility_sensitivity", "west.*.credibility_prior")


@register
class PermitLimitedStrikes(EventRule):
    """A Western state lets Ukraine strike targets near the border inside Russia with its weapons
    (limited permission, as the US and Germany allowed for the Kharkiv area at the end of May
    2024). Adaptive like deep permission: pressure raises it (P8), Russia-NATO escalation and
    belief in Russia's threats lower it (P1, P10)."""

    id = "west.permit_limited_strikes"
    actor = WEST.name
    action = "permit strikes near the border"
    paragraphs = ("P1", "P8", "P10")
    phase = Phase.POLICY
    category = Category.NON_VIOLENT
    trigger = "state permits no strikes inside Russia yet, no ceasefire"
    response = "limited permission: strikes near the border with its weapons"
    parameters = (
        "west.*.limited_permission_rate",
        "west.*.pressure_sensitivity",
        "west.*.escalation_aversion",
        *CREDIBILITY,
    )
    lever = Lever("permit_limited_strikes", ("P1",), response="state permits limited strikes")

    def probability(self, k, obs):
        return permission_probability(k, obs, k.limited_permission_rate, LIMITED)

    def apply(self, k, world, fired, choice=None):
        col = world.permission[:, k.column]
        world.decide(fired & (col < LIMITED), LIMITED_PERMISSION)  # a new step only
        col[fired] = np.maximum(col[fired], LIMITED)


@register
class PermitDeepStrikes(EventRule):
    """A Western state lets Ukraine strike deep inside Russia with its long-range weapons.

    Adaptive: the weekly probability rises with Ukraine's battlefield pressure (P8: support
    continues) and falls as the Russia-NATO ladder climbs (P10: restraint) and as the state's
    belief in Russia's threats grows (P1). This permission is the trigger of Russia's threatened
    asymmetric response (P1).
    """

    id = "west.permit_deep_strikes"
    actor = WEST.name
    action = "permit deep strikes"
    paragraphs = ("P1", "P8", "P10")
    phase = Phase.POLICY
    category = Category.NON_VIOLENT
    trigger = "state does not yet permit deep strikes, no ceasefire"
    response = "permits deep strikes with its weapons"
    parameters = (
        "west.*.permission_rate",
        "west.*.pressure_sensitivity",
        "west.*.escalation_aversion",
        *CREDIBILITY,
    )
    lever = Lever("permit_deep_strikes", ("P1",), response="state permits deep strikes")

    def probability(self, k, obs):
        return permission_probability(k, obs, k.permission_rate, DEEP)

    def apply(self, k, world, fired, choice=None):
        world.decide(fired & (world.permission[:, k.column] < DEEP), DEEP_PERMISSION)
        world.permission[fired, k.column] = DEEP


@register
class RevokeDeepStrikes(EventRule):
    """A state withdraws its permission to strike inside Russia (limited or deep) once Russia
    and NATO forces confront each other directly or a ceasefire holds (P10: superpowers step
    back from direct conflict). A confrontation counts if last week reached it, even if the
    week's de-escalation undid it."""

    id = "west.revoke_deep_strikes"
    actor = WEST.name
    action = "revoke permission to strike inside Russia"
    paragraphs = ("P10",)
    phase = Phase.POLICY
    category = Category.DE_ESCALATION
    trigger = "permits strikes, and Russia-NATO at direct confrontation or a ceasefire holds"
    response = "revokes its permission (none left)"
    parameters = ("west.*.revoke_rate", "outcomes.direct_confrontation_level")
    lever = Lever("revoke_deep_strikes", ("P10",), response="state revokes permission")

    def probability(self, k, obs):
        confronting = obs.recent_level(Theatre.NATO) >= k.direct_confrontation_level
        gate = (obs.permission[:, k.column] > NONE) & (confronting | obs.ceasefire)
        return np.where(gate, k.revoke_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.permission[fired, k.column] = NONE


@register
class DeployTrainers(EventRule):
    """A state sends military trainers into Ukraine (P4 names France; any state may).

    Adaptive: more likely while Ukrainian pressure is high (P8: support continues), less likely
    as Russia-NATO escalates (P10) and as the state believes Russia's threats (P4: the Kremlin
    named French trainers as targets). The trainers are ground-force instructors (France's proposal
    of early 2024 was to train Ukrainian troops inside Ukraine); F-16 pilots train abroad, so
    F-16 readiness plays no part here.
    """

    id = "west.deploy_trainers"
    actor = WEST.name
    action = "deploy trainers"
    paragraphs = ("P4", "P8")
    phase = Phase.POLICY
    category = Category.POSTURING
    trigger = "no trainers of its own in Ukraine, none struck recently, no ceasefire"
    response = "deploys trainers to Ukraine"
    parameters = (
        "west.*.trainer_deploy_rate",
        "west.*.pressure_sensitivity",
        "west.*.escalation_aversion",
        "west.*.recent_strike_weeks",
        *CREDIBILITY,
    )
    lever = Lever("deploy_trainers", ("P4",), response="state's trainers in Ukraine")

    def probability(self, k, obs):
        gate = (
            ~obs.trainers[:, k.column]
            & ~obs.ceasefire
            & (obs.trainers_struck[:, k.column] > k.recent_strike_weeks)
        )
        need = 1.0 + k.pressure_sensitivity * obs.pressure
        rate = k.trainer_deploy_rate * need * restraint(k, obs) * credibility_restraint(k, obs)
        return np.where(gate, clip01(rate), 0.0)

    def apply(self, k, world, fired, choice=None):
        world.decide(fired & ~world.trainers[:, k.column], TRAINERS)
        world.trainers[fired, k.column] = True
        world.trainers_arrived |= fired


@register
class WithdrawTrainers(EventRule):
    """A state pulls its trainers out after they were struck, when Russia-NATO forces confront
    each other, or under a ceasefire (P5 risk, P10 restraint)."""

    id = "west.withdraw_trainers"
    actor = WEST.name
    action = "withdraw trainers"
    paragraphs = ("P5", "P10")
    phase = Phase.POLICY
    category = Category.DE_ESCALATION
    trigger = "trainers deployed and (struck recently, direct confrontation or ceasefire)"
    response = "withdraws its trainers"
    parameters = (
        "west.*.trainer_withdraw_rate",
        "west.*.recent_strike_weeks",
        "outcomes.direct_confrontation_level",
    )
    lever = Lever("withdraw_trainers", ("P5", "P10"), response="state's trainers leave")

    def probability(self, k, obs):
        danger = (
            (obs.trainers_struck[:, k.column] <= k.recent_strike_weeks)
            | (obs.recent_level(Theatre.NATO) >= k.direct_confrontation_level)
            | obs.ceasefire
        )
        gate = obs.trainers[:, k.column] & danger
        return np.where(gate, k.trainer_withdraw_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.trainers[fired, k.column] = False


@register
class Retaliate(EventRule):
    """A state whose trainers were struck answers militarily against Russian forces, a step on
    the Russia-NATO ladder toward direct confrontation (P5). The same escalation aversion that
    restrains its other moves restrains this one (P10), and none is made under a ceasefire."""

    id = "west.retaliate"
    actor = WEST.name
    action = "military response"
    paragraphs = ("P5", "P10")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    path = "Western retaliation"
    trigger = "its trainers struck within the retaliation window (default 2 weeks), no ceasefire"
    response = "Russia-NATO ladder +1"
    parameters = (
        "west.*.retaliation_propensity",
        "west.*.retaliation_window_weeks",
        "west.*.escalation_aversion",
    )

    def probability(self, k, obs):
        gate = (obs.trainers_struck[:, k.column] <= k.retaliation_window_weeks) & ~obs.ceasefire
        return np.where(gate, clip01(k.retaliation_propensity * restraint(k, obs)), 0.0)

    def feasible(self, k, world, fired):
        return fired & ~world.ceasefire

    def apply(self, k, world, fired, choice=None):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, k, target=None):
        return Theatre.NATO


@register
class AnnounceDelivery(EventRule):
    """A state announces a new level of long-range aid, e.g. a new missile type or a larger
    package (P8: Western support continues). It happens when a scenario schedules it; the
    state's aid commitment then follows the announced level, and an increase is a Western
    decision Russia may answer with signalling (``russia.show_of_force``)."""

    id = "west.announce_delivery"
    actor = WEST.name
    action = "announce long-range delivery"
    paragraphs = ("P8", "P9")
    phase = Phase.POLICY
    category = Category.POSTURING
    trigger = "only when scheduled (a scenario's announce_delivery event)"
    response = "the state's announced aid level changes"
    lever = Lever(
        "announce_delivery",
        ("P8",),
        needs="value",
        response="state's announced long-range aid level (0-1) set to the event's value",
    )

    def apply(self, k, world, fired, choice=None):
        col = world.aid_target[:, k.column]
        world.decide(fired & (choice > col), DELIVERY)
        col[fired] = choice
