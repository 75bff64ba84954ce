"""Ukraine: deep strikes into Russia with Western long-range weapons (P1, P2)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.world import DEEP, LIMITED, row_sum
from .base import EventRule, Phase
from .kinds import ActorKind, declare_kind
from .registry import register

UKRAINE = declare_kind(ActorKind("ukraine", section="ukraine", title="Ukraine"))


def permitted_share(k, obs, level: int = DEEP) -> np.ndarray:
    """Share of Ukraine's long-range supply whose supplier permits strikes at ``level`` or
    more: deep strikes (default) or strikes near the border (``LIMITED``) (R,)."""
    total = np.maximum(k.aid_share.sum(axis=-1), 1e-12)  # per run when shares vary by run
    return row_sum((obs.permission >= level) * k.aid_share) / total


@register
class DeepStrike(EventRule):
    """Ukraine strikes deep inside Russia with Western long-range missiles.

    Possible only with weapons whose supplier permits it; the weekly probability scales with the
    fielded capability (which ramps slowly, P8) and the permitted share. Russia attributes each
    such strike to Western target selection (P2) and treats it as the trigger of its asymmetric
    response (P1).
    """

    id = "ukraine.deep_strike"
    actor = UKRAINE.name
    action = "deep strike with Western missiles"
    paragraphs = ("P1", "P2")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a supplier permits deep strikes, no ceasefire"
    response = "deep strike inside Russia (trigger for P1, attribution P2)"
    parameters = ("ukraine.deep_strike_rate", "west.*.aid_share")

    def probability(self, k, obs):
        rate = k.deep_strike_rate * obs.capability * permitted_share(k, obs)
        return np.where(~obs.ceasefire, rate, 0.0)

    def feasible(self, k, world, fired):
        return fired & (permitted_share(k, world) > 0) & ~world.ceasefire

    def apply(self, k, world, fired, choice=None):
        world.struck_this_week |= fired
        world.since_strike[fired] = 0


@register
class BorderStrike(EventRule):
    """Ukraine strikes targets near the border inside Russia (launch sites, troops massing for an
    offensive) with Western weapons whose supplier gives at least limited permission. Not the
    deep strike of P1, but Russia still attributes it to Western targeting, at a lower weight
    (P2: ``attribution_per_border_strike``)."""

    id = "ukraine.border_strike"
    actor = UKRAINE.name
    action = "strike near the border with Western weapons"
    paragraphs = ("P2", "P8")
    phase = Phase.MILITARY
    category = Category.VIOLENT
    trigger = "a supplier permits limited or deep strikes, no ceasefire"
    response = "strike near the border inside Russia (attribution P2)"
    parameters = ("ukraine.border_strike_rate", "west.*.aid_share")

    def probability(self, k, obs):
        rate = k.border_strike_rate * obs.capability * permitted_share(k, obs, LIMITED)
        return np.where(~obs.ceasefire, rate, 0.0)

    def feasible(self, k, world, fired):
        return fired & (permitted_share(k, world, LIMITED) > 0) & ~world.ceasefire

    def apply(self, k, world, fired, choice=None):
        world.border_struck_this_week |= fired
