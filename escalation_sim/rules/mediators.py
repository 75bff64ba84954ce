"""Mediators: brokering a ceasefire, its collapse and the effort behind it (P12, P13, P14)."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import Theatre
from .base import EventRule, Lever, Phase
from .kinds import ActorKind, declare_kind
from .registry import register

MEDIATORS = declare_kind(ActorKind("mediators", section="mediation", title="Mediators"))


@register
class BrokerCeasefire(EventRule):
    """International organisations and leaders broker a ceasefire (P12). Success is uncertain
    and falls as escalation and entrenchment grow (P13): the weekly probability is
    ``success_rate x effort x (1 - entrenchment) / (1 + sensitivity x levels above start)``."""

    id = "mediators.broker_ceasefire"
    actor = MEDIATORS.name
    action = "broker ceasefire"
    paragraphs = ("P12", "P13")
    phase = Phase.DIPLOMACY
    category = Category.DE_ESCALATION
    trigger = "no ceasefire"
    response = "ceasefire: war ladder to its ceasefire level, no deep strikes or transfers"
    parameters = (
        "mediation.success_rate",
        "mediation.escalation_sensitivity",
        "ladders.ukraine_ceasefire_level",
    )

    def probability(self, k, obs):
        rate = (
            k.success_rate
            * obs.effort
            * (1.0 - obs.entrenchment)
            / (1.0 + k.escalation_sensitivity * obs.escalation_excess())
        )
        return np.where(~obs.ceasefire, rate, 0.0)

    def apply(self, k, world, fired, choice=None):
        world.ceasefire |= fired
        world.ladder[fired, Theatre.UKRAINE] = k.at("ukraine_ceasefire_level", fired)

    def ladder_theatre(self, k, target=None):
        return Theatre.UKRAINE


@register
class CeasefireCollapse(EventRule):
    """A ceasefire breaks down: both sides prepared for a prolonged confrontation (P13), and
    aggressive postures can prevail over diplomacy (P14). More likely with entrenchment and with
    escalation elsewhere."""

    id = "mediators.ceasefire_collapse"
    actor = MEDIATORS.name
    action = "ceasefire collapses"
    paragraphs = ("P13", "P14")
    phase = Phase.DIPLOMACY
    category = Category.VIOLENT
    trigger = "ceasefire holds"
    response = "war resumes at its start level"
    parameters = ("mediation.breakdown_rate", "mediation.escalation_sensitivity")

    def probability(self, k, obs):
        rate = (
            k.breakdown_rate
            * (1.0 + obs.entrenchment)
            * (1.0 + k.escalation_sensitivity * obs.escalation_excess())
        )
        return np.where(obs.ceasefire, np.minimum(rate, 1.0), 0.0)

    def apply(self, k, world, fired, choice=None):
        world.ceasefire[fired] = False
        start = world.ladder_start[Theatre.UKRAINE]
        col = world.ladder[:, Theatre.UKRAINE]
        col[fired] = np.maximum(col[fired], start)

    def ladder_theatre(self, k, target=None):
        return Theatre.UKRAINE


@register
class SetEffort(EventRule):
    """Mediators change how hard they push (P12), e.g. a summit or a new envoy. The model has
    no drawn trigger for it: it happens when a scenario schedules it (a mediation push)."""

    id = "mediators.set_effort"
    actor = MEDIATORS.name
    action = "set mediation effort"
    paragraphs = ("P12",)
    phase = Phase.DIPLOMACY
    category = Category.DE_ESCALATION
    trigger = "only when scheduled (a scenario's set_mediation_effort event)"
    response = "mediation effort changes"
    lever = Lever("set_mediation_effort", ("P12",), needs="value")

    def apply(self, k, world, fired, choice=None):
        world.effort[fired] = choice
