"""Western states' rules: deep-strike permission, trainers, retaliation (P1, P4, P5, P8, P10).

Each rule is evaluated by every Western state separately (US, UK, France, Germany and any state a
scenario adds), with that state's own parameters.
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import Theatre
from .base import EventRule, Phase, clip01, register

RECENT_STRIKE_WEEKS = 4  # a strike on trainers counts as "recent" for this many weeks


def nato_excess(obs) -> np.ndarray:
    """Russia-NATO ladder levels above the start (R,) - what Western restraint reads."""
    return np.clip(obs.ladder[:, Theatre.NATO] - obs.ladder_start[Theatre.NATO], 0, None)


def restraint(actor, obs) -> np.ndarray:
    """Divisor form of escalation aversion: 1 at the start, falling as Russia-NATO escalates."""
    return 1.0 / (1.0 + actor.params.escalation_aversion * nato_excess(obs))


@register
class PermitDeepStrikes(EventRule):
    """A Western state lets Ukraine strike deep inside Russia with its long-range weapons.

    Adaptive: the weekly probability rises with Ukraine's battlefield pressure (P8: support
    continues) and falls as the Russia-NATO ladder climbs (P10: restraint). This permission is
    the trigger of Russia's threatened asymmetric response (P1).
    """

    id = "west.permit_deep_strikes"
    actor = "west"
    action = "permit deep strikes"
    paragraphs = ("P1", "P8", "P10")
    phase = Phase.POLICY
    category = Category.NON_VIOLENT
    trigger = "state does not yet permit, no ceasefire"
    response = "permits deep strikes with its weapons"
    parameters = (
        "west.*.permission_rate",
        "west.*.pressure_sensitivity",
        "west.*.escalation_aversion",
    )

    def probability(self, actor, obs):
        p = actor.params
        gate = ~obs.permits[:, actor.slot] & ~obs.ceasefire
        rate = (
            p.permission_rate
            * (1.0 + p.pressure_sensitivity * obs.pressure)
            * restraint(actor, obs)
        )
        return np.where(gate, clip01(rate), 0.0)

    def apply(self, actor, world, fired):
        world.permits[fired, actor.slot] = True


@register
class RevokeDeepStrikes(EventRule):
    """A state withdraws its deep-strike permission once Russia and NATO forces confront each
    other directly or a ceasefire holds (P10: superpowers step back from direct conflict)."""

    id = "west.revoke_deep_strikes"
    actor = "west"
    action = "revoke deep strikes"
    paragraphs = ("P10",)
    phase = Phase.POLICY
    category = Category.DE_ESCALATION
    trigger = "permits, and Russia-NATO at direct confrontation or a ceasefire holds"
    response = "revokes deep-strike permission"
    parameters = ("west.*.revoke_rate", "outcomes.direct_confrontation_level")

    def probability(self, actor, obs):
        level = actor.model.params.outcomes.direct_confrontation_level
        gate = obs.permits[:, actor.slot] & ((obs.ladder[:, Theatre.NATO] >= level) | obs.ceasefire)
        return np.where(gate, actor.params.revoke_rate, 0.0)

    def apply(self, actor, world, fired):
        world.permits[fired, actor.slot] = False


@register
class DeployTrainers(EventRule):
    """A state sends military trainers into Ukraine (P4 names France; any state may).

    Adaptive: more likely while Ukrainian pressure is high and F-16 readiness low (P8: training
    is slow), less likely as Russia-NATO escalates (P10).
    """

    id = "west.deploy_trainers"
    actor = "west"
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
    )

    def probability(self, actor, obs):
        p = actor.params
        gate = (
            ~obs.trainers[:, actor.slot]
            & ~obs.ceasefire
            & (obs.trainers_struck[:, actor.slot] > RECENT_STRIKE_WEEKS)
        )
        need = 1.0 + p.pressure_sensitivity * obs.pressure * (1.0 - obs.f16_readiness)
        return np.where(gate, clip01(p.trainer_deploy_rate * need * restraint(actor, obs)), 0.0)

    def apply(self, actor, world, fired):
        world.trainers[fired, actor.slot] = True
        world.trainers_arrived |= fired


@register
class WithdrawTrainers(EventRule):
    """A state pulls its trainers out after they were struck, when Russia-NATO forces confront
    each other, or under a ceasefire (P5 risk, P10 restraint)."""

    id = "west.withdraw_trainers"
    actor = "west"
    action = "withdraw trainers"
    paragraphs = ("P5", "P10")
    phase = Phase.POLICY
    category = Category.DE_ESCALATION
    trigger = "trainers deployed and (struck recently, direct confrontation or ceasefire)"
    response = "withdraws its trainers"
    parameters = ("west.*.trainer_withdraw_rate",)

    def probability(self, actor, obs):
        level = actor.model.params.outcomes.direct_confrontation_level
        danger = (
            (obs.trainers_struck[:, actor.slot] <= RECENT_STRIKE_WEEKS)
            | (obs.ladder[:, Theatre.NATO] >= level)
            | obs.ceasefire
        )
        gate = obs.trainers[:, actor.slot] & danger
        return np.where(gate, actor.params.trainer_withdraw_rate, 0.0)

    def apply(self, actor, world, fired):
        world.trainers[fired, actor.slot] = False


@register
class Retaliate(EventRule):
    """A state whose trainers were struck answers militarily against Russian forces, a step on
    the Russia-NATO ladder toward direct confrontation (P5)."""

    id = "west.retaliate"
    actor = "west"
    action = "military response"
    paragraphs = ("P5",)
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "its trainers struck within the last 2 weeks"
    response = "Russia-NATO ladder +1"
    parameters = ("west.*.retaliation_propensity",)

    def probability(self, actor, obs):
        gate = obs.trainers_struck[:, actor.slot] <= 2
        return np.where(gate, actor.params.retaliation_propensity, 0.0)

    def apply(self, actor, world, fired):
        world.raise_ladder(Theatre.NATO, fired)

    def ladder_theatre(self, actor, target=None):
        return Theatre.NATO
