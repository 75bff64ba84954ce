"""Ukraine's rule: deep strikes into Russia with Western long-range weapons (P1, P2)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.world import row_sum
from .base import EventRule, Phase, register


def permitted_share(actor, obs) -> np.ndarray:
    """Share of Ukraine's long-range supply whose supplier permits deep strikes (R,)."""
    shares = actor.model.aid_shares  # (W,)
    return row_sum(obs.permits * shares) / max(shares.sum(), 1e-12)


@register
class DeepStrike(EventRule):
    """Ukraine strikes deep inside Russia with Western long-range missiles.

    Possible only with weapons whose supplier permits it; the weekly probability scales with the
    fielded capability (which ramps slowly, P8) and the permitted share. Russia attributes each
    such strike to Western target selection (P2) and treats it as the trigger of its asymmetric
    response (P1).
    """

    id = "ukraine.deep_strike"
    actor = "ukraine"
    action = "deep strike with Western missiles"
    paragraphs = ("P1", "P2")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a supplier permits deep strikes, no ceasefire"
    response = "deep strike inside Russia (trigger for P1, attribution P2)"
    parameters = ("ukraine.deep_strike_rate",)

    def probability(self, actor, obs):
        share = permitted_share(actor, obs)
        rate = actor.params.deep_strike_rate * obs.capability * share
        return np.where(~obs.ceasefire, rate, 0.0)

    def feasible(self, actor, world, fired):
        return fired & (permitted_share(actor, world) > 0) & ~world.ceasefire

    def apply(self, actor, world, fired):
        world.struck_this_week |= fired
        world.since_strike[fired] = 0
