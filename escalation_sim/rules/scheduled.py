"""Scenario levers pulled at a given week (``[[events]]`` in a scenario file).

They are logged like any rule firing, with the paragraph the lever comes from, so a run's
explanation shows "week 10, US, permit deep strikes (scheduled), P1".
"""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import REGIONS, region_theatre
from .base import Phase, Rule, register


class ScheduledRule(Rule):
    kind = "scheduled"
    actor = "scenario"
    phase = Phase.SCHEDULED
    trigger = "scheduled in the scenario file"

    def apply_event(self, model, world, event) -> tuple[int | None, int | None]:
        """Apply to every replicate; return (target index, theatre) for the log."""
        raise NotImplementedError


def _slot(model, event) -> int:
    return model.west_names.index(event.actor)


@register
class ScheduledPermit(ScheduledRule):
    """A scenario lever: a Western state permits deep strikes at a given week (P1 trigger)."""

    id = "scenario.permit_deep_strikes"
    action = "permit deep strikes (scheduled)"
    paragraphs = ("P1",)
    category = Category.NON_VIOLENT
    response = "state permits deep strikes"

    def apply_event(self, model, world, event):
        world.permits[:, _slot(model, event)] = True
        return _slot(model, event), None


@register
class ScheduledRevoke(ScheduledRule):
    """A scenario lever: a Western state revokes deep-strike permission (P10)."""

    id = "scenario.revoke_deep_strikes"
    action = "revoke deep strikes (scheduled)"
    paragraphs = ("P10",)
    category = Category.DE_ESCALATION
    response = "state revokes permission"

    def apply_event(self, model, world, event):
        world.permits[:, _slot(model, event)] = False
        return _slot(model, event), None


@register
class ScheduledDeploy(ScheduledRule):
    """A scenario lever: a Western state deploys trainers to Ukraine (P4)."""

    id = "scenario.deploy_trainers"
    action = "deploy trainers (scheduled)"
    paragraphs = ("P4",)
    category = Category.POSTURING
    response = "state's trainers in Ukraine"

    def apply_event(self, model, world, event):
        world.trainers[:, _slot(model, event)] = True
        world.trainers_arrived[:] = True
        return _slot(model, event), None


@register
class ScheduledWithdraw(ScheduledRule):
    """A scenario lever: a Western state withdraws its trainers (P5, P10)."""

    id = "scenario.withdraw_trainers"
    action = "withdraw trainers (scheduled)"
    paragraphs = ("P5", "P10")
    category = Category.DE_ESCALATION
    response = "state's trainers leave"

    def apply_event(self, model, world, event):
        world.trainers[:, _slot(model, event)] = False
        return _slot(model, event), None


@register
class ScheduledTransfer(ScheduledRule):
    """A scenario lever: Russia transfers long-range capability to a region's recipients
    regardless of triggers (P1, P6)."""

    id = "scenario.transfer_long_range"
    action = "transfer long-range capability (scheduled)"
    paragraphs = ("P1", "P6")
    category = Category.NON_VIOLENT
    response = "recipient stock, tension and regional ladder rise"

    def apply_event(self, model, world, event):
        g = REGIONS.index(event.region)
        everyone = np.arange(world.n)
        world.receive_transfer(
            everyone,
            np.full(world.n, g),
            model.params.russia.transfer_size,
            model.tension_per_transfer,
        )
        return g, region_theatre(g)


@register
class ScheduledEffort(ScheduledRule):
    """A scenario lever: mediators change their effort (P12), e.g. a mediation push."""

    id = "scenario.set_mediation_effort"
    action = "set mediation effort (scheduled)"
    paragraphs = ("P12",)
    category = Category.DE_ESCALATION
    response = "mediation effort changes"

    def apply_event(self, model, world, event):
        world.effort[:] = event.value
        return None, None
