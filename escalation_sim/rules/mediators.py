"""Mediators' rules: brokering a ceasefire and its collapse (P12, P13, P14)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import Theatre
from .base import EventRule, Phase, register


@register
class BrokerCeasefire(EventRule):
    """International organisations and leaders broker a ceasefire (P12). Success is uncertain
    and falls as escalation and entrenchment grow (P13): the weekly probability is
    ``success_rate x effort x (1 - entrenchment) / (1 + sensitivity x levels above start)``."""

    id = "mediators.broker_ceasefire"
    actor = "mediators"
    action = "broker ceasefire"
    paragraphs = ("P12", "P13")
    phase = Phase.DIPLOMACY
    category = Category.DE_ESCALATION
    trigger = "no ceasefire"
    response = "ceasefire: war ladder to its ceasefire level, no deep strikes or transfers"
    parameters = (
        "mediation.success_rate",
        "mediation.effort",
        "mediation.escalation_sensitivity",
        "ladders.ukraine_ceasefire_level",
    )

    def probability(self, actor, obs):
        p = actor.params
        rate = (
            p.success_rate
            * obs.effort
            * (1.0 - obs.entrenchment)
            / (1.0 + p.escalation_sensitivity * obs.escalation_excess())
        )
        return np.where(~obs.ceasefire, rate, 0.0)

    def apply(self, actor, world, fired):
        world.ceasefire |= fired
        level = actor.model.params.ladders.ukraine_ceasefire_level
        world.ladder[fired, Theatre.UKRAINE] = level

    def ladder_theatre(self, actor, target=None):
        return Theatre.UKRAINE


@register
class CeasefireCollapse(EventRule):
    """A ceasefire breaks down: both sides prepared for a prolonged confrontation (P13), and
    aggressive postures can prevail over diplomacy (P14). More likely with entrenchment and with
    escalation elsewhere."""

    id = "mediators.ceasefire_collapse"
    actor = "mediators"
    action = "ceasefire collapses"
    paragraphs = ("P13", "P14")
    phase = Phase.DIPLOMACY
    category = Category.VIOLENT
    trigger = "ceasefire holds"
    response = "war resumes at its start level"
    parameters = ("mediation.breakdown_rate", "mediation.escalation_sensitivity")

    def probability(self, actor, obs):
        p = actor.params
        rate = (
            p.breakdown_rate
            * (1.0 + obs.entrenchment)
            * (1.0 + p.escalation_sensitivity * obs.escalation_excess())
        )
        return np.where(obs.ceasefire, np.minimum(rate, 1.0), 0.0)

    def apply(self, actor, world, fired):
        world.ceasefire[fired] = False
        start = world.ladder_start[Theatre.UKRAINE]
        col = world.ladder[:, Theatre.UKRAINE]
        col[fired] = np.maximum(col[fired], start)

    def ladder_theatre(self, actor, target=None):
        return Theatre.UKRAINE
