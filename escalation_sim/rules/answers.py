"""The Western states' answers to a Russian transfer (P1, P6, P9, P10, P11): interdiction,
sanctions, strikes on the recipient and stepping back from deep permission.

Rules of the Western states' kind (:data:`escalation_sim.rules.west.WEST`), kept apart from their
own decisions (:mod:`escalation_sim.rules.west`); registered right after them, so the registry's
order is as it was when they lived there.
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import REGIONS, region_theatre
from ..core.world import ANSWERS, DEEP, LIMITED
from .base import EventRule, Phase, clip01
from .registry import register
from .west import CREDIBILITY, WEST, credibility_restraint, restraint


class _Answer(EventRule):
    """An answer to a Russian transfer, aimed at the region of the last transfer. Each state
    gives each kind of answer (``kind``, in ``ANSWERS``) at most once per transfer, within its
    answer window. A transfer that drew any answer counts in what Russia weighs before the next
    one (``russia.transfer_long_range``)."""

    actor = WEST.name
    kind: int

    def targets(self, k):
        return REGIONS

    def answering(self, k, obs) -> np.ndarray:
        """Where a transfer lies within the answer window, this state has not yet given this
        answer to it, and no ceasefire holds."""
        return (
            (obs.since_transfer <= k.answer_window_weeks)
            & ~obs.answered[:, k.column, self.kind]
            & ~obs.ceasefire
        )

    def apply(self, k, world, fired, choice=None):
        idx = np.flatnonzero(fired)
        first = idx[~world.answered[idx].reshape(idx.size, -1).any(axis=1)]
        world.answered_transfers[first] += 1
        world.answered[idx, k.column, self.kind] = True
        world.answers[idx] += 1
        return world.last_transfer_region


@register
class Interdict(_Answer):
    """The state interdicts the delivered weapons: seizes shipments or destroys stocks, taking
    ``interdiction_share`` of the region's Russian-supplied stock (P6: contain the
    destabilisation; P10: short of striking Russia)."""

    kind = ANSWERS.index("interdiction")
    id = "west.interdict"
    action = "interdict delivered weapons"
    paragraphs = ("P6", "P10")
    phase = Phase.MILITARY
    category = Category.NON_VIOLENT
    trigger = "a Russian transfer within the answer window, no ceasefire"
    response = "the region's Russian-supplied stock x (1 - interdiction_share)"
    parameters = (
        "west.*.interdiction_rate",
        "west.*.interdiction_share",
        "west.*.answer_window_weeks",
    )

    def probability(self, k, obs):
        return np.where(self.answering(k, obs), k.interdiction_rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        idx = np.flatnonzero(fired & (world.last_transfer_region >= 0))
        region = world.last_transfer_region[idx]
        world.stock[idx, region] *= 1.0 - k.at("interdiction_share", idx)
        return super().apply(k, world, fired, choice)


@register
class Sanction(_Answer):
    """The state answers a transfer with new sanctions on Russia and the recipients (P9: the
    deteriorating environment; the West's cheapest answer)."""

    kind = ANSWERS.index("sanctions")
    id = "west.sanction"
    action = "sanction the transfer"
    paragraphs = ("P9", "P10")
    phase = Phase.POLICY
    category = Category.NON_VIOLENT
    trigger = "a Russian transfer within the answer window, no ceasefire"
    response = "sanctions (Russia weighs them before its next transfer)"
    parameters = ("west.*.sanction_rate", "west.*.answer_window_weeks")

    def probability(self, k, obs):
        return np.where(self.answering(k, obs), k.sanction_rate, 0.0)


@register
class StrikeRecipient(_Answer):
    """The state strikes the recipients of Russian weapons in their region, as the US and UK
    struck Houthi launchers from January 2024 (P11): the regional ladder climbs and part of the
    delivered stock is destroyed. Restrained by escalation aversion like the state's other
    military moves (P10)."""

    kind = ANSWERS.index("strike on the recipient")
    id = "west.strike_recipient"
    action = "strike the recipient"
    paragraphs = ("P10", "P11")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a Russian transfer within the answer window, no ceasefire"
    response = "regional ladder +1; the region's stock x (1 - interdiction_share)"
    parameters = (
        "west.*.recipient_strike_rate",
        "west.*.interdiction_share",
        "west.*.escalation_aversion",
        "west.*.answer_window_weeks",
    )

    def probability(self, k, obs):
        rate = clip01(k.recipient_strike_rate * restraint(k, obs))
        return np.where(self.answering(k, obs), rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        idx = np.flatnonzero(fired & (world.last_transfer_region >= 0))
        region = world.last_transfer_region[idx]
        world.stock[idx, region] *= 1.0 - k.at("interdiction_share", idx)
        for g in np.unique(region):
            mask = np.zeros(world.n, dtype=bool)
            mask[idx[region == g]] = True
            world.raise_ladder(region_theatre(int(g)), mask)
        return super().apply(k, world, fired, choice)

    def ladder_theatre(self, k, target=None):
        return None if target is None else region_theatre(target)


@register
class YieldToThreat(_Answer):
    """The threat works: after a transfer the state steps back from deep to limited permission,
    the more likely the more it believes Russia carries out its threats (P1: the coercive aim of
    the asymmetric response; P10): ``p = yield_rate x (1 + s x belief) / (1 + s x prior)``, the
    inverse of the credibility restraint, so that with s = 0 the belief plays no part."""

    kind = ANSWERS.index("step back")
    id = "west.yield_to_threat"
    action = "step back to limited permission"
    paragraphs = ("P1", "P10")
    phase = Phase.POLICY
    category = Category.DE_ESCALATION
    trigger = (
        "state permits deep strikes, a Russian transfer within the answer window, no ceasefire"
    )
    response = "deep permission -> limited"
    parameters = ("west.*.yield_rate", "west.*.answer_window_weeks", *CREDIBILITY)

    def probability(self, k, obs):
        gate = self.answering(k, obs) & (obs.permission[:, k.column] == DEEP)
        rate = k.yield_rate / credibility_restraint(k, obs)
        return np.where(gate, clip01(rate), 0.0)

    def feasible(self, k, world, fired):
        """Only a state that still permits deep strikes can step back (a revocation earlier in
        the week may have withdrawn everything)."""
        return fired & (world.permission[:, k.column] == DEEP)

    def apply(self, k, world, fired, choice=None):
        world.permission[fired, k.column] = LIMITED
        return super().apply(k, world, fired, choice)
