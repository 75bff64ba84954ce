"""The world's weekly dynamics, run after all actions in registry order (P2, P6, P8, P9, P10,
P13). Each is documented with its equation in docs/model.md."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import THEATRES, Theatre
from ..core.world import row_sum
from .base import DynamicRule, Phase, register
from .west import nato_excess

ARMS_FLOOR = 0.05  # lowest armament index (the start is 1)


@register
class AttributeInvolvement(DynamicRule):
    """Russia's perceived Western involvement: each week with a deep strike adds
    ``attribution_per_strike`` (P2: target selection attributed to Western militaries), each state
    with trainers in Ukraine adds ``involvement_per_trainer_state`` (P3/P4), and the rest decays."""

    id = "russia.attribute_involvement"
    action = "update perceived involvement"
    paragraphs = ("P2", "P3")
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "involvement += strikes x attribution + trainer states x per-state - decay"
    parameters = (
        "russia.attribution_per_strike",
        "russia.involvement_per_trainer_state",
        "russia.involvement_decay",
    )

    def update(self, model, world):
        p = model.params.russia
        gain = (
            p.attribution_per_strike * world.struck_this_week
            + p.involvement_per_trainer_state * row_sum(world.trainers)
        )
        world.involvement = np.clip(world.involvement * (1.0 - p.involvement_decay) + gain, 0, 1)
        return []


@register
class DeliverAid(DynamicRule):
    """Western aid with delivery delays (P8). Each state's commitment follows Ukrainian pressure
    and Russia-NATO escalation (adaptive); Ukraine's fielded long-range capability follows the
    combined supply through a first-order delay with the supply-weighted mean delay, scaled by
    F-16 readiness (platforms for the weapons)."""

    id = "west.deliver_aid"
    action = "deliver aid"
    paragraphs = ("P8",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "aid commitments adapt; capability moves toward supply / delay"
    parameters = ("west.*.aid_level", "west.*.aid_share", "west.*.delivery_delay_weeks")

    def update(self, model, world):
        m = model
        excess = nato_excess(world)[:, None]
        target = m.aid_levels * (1.0 + m.pressure_sensitivity * world.pressure[:, None])
        world.aid = np.minimum(target / (1.0 + m.escalation_aversion * excess), 1.0)
        supply = row_sum(world.aid * m.aid_shares) / max(m.aid_shares.sum(), 1e-12)
        supply = supply * (0.5 + 0.5 * world.f16_readiness)
        world.capability = world.capability + (supply - world.capability) / m.mean_delay
        return []


@register
class TrainPilots(DynamicRule):
    """F-16 readiness ramps slowly (P8), faster for each Western state with trainers inside
    Ukraine (P4): ``readiness += rate x (1 + boost x trainer states)``, capped at 1."""

    id = "ukraine.train_pilots"
    action = "train F-16 pilots"
    paragraphs = ("P8", "P4")
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "F-16 readiness ramps up"
    parameters = ("ukraine.f16_training_rate", "ukraine.trainer_training_boost")

    def update(self, model, world):
        p = model.params.ukraine
        speed = 1.0 + p.trainer_training_boost * row_sum(world.trainers)
        world.f16_readiness = np.minimum(world.f16_readiness + p.f16_training_rate * speed, 1.0)
        return []


@register
class BattlefieldPressure(DynamicRule):
    """Pressure on Ukraine relaxes toward a target that falls with fielded capability (P8) and
    rises with Russia's armament relative to the West's (P9); a ceasefire removes most of it."""

    id = "ukraine.battlefield_pressure"
    action = "battlefield pressure"
    paragraphs = ("P8",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "pressure moves toward its target"
    parameters = (
        "ukraine.initial_pressure",
        "ukraine.pressure_relief",
        "ukraine.pressure_adjustment",
    )

    def update(self, model, world):
        p = model.params.ukraine
        ratio = world.arms_russia / world.arms_west
        target = p.initial_pressure * (1.0 - p.pressure_relief * world.capability) * ratio
        target = np.where(world.ceasefire, 0.3 * target, target)
        target = np.clip(target, 0.0, 1.0)
        world.pressure = world.pressure + p.pressure_adjustment * (target - world.pressure)
        return []


@register
class ArmsRace(DynamicRule):
    """Richardson arms race (P9; Richardson 1960): ``x += k_r y - a_r x + g_r`` and
    ``y += k_w x - a_w y + g_w``, with baseline grievances ``g = a - k`` (so the start is an
    equilibrium while ``extra_grievance`` is 0) plus ``extra_grievance`` and ``threat_gain``
    per deep strike (Russia) and per transfer (the West).
    Logs ``arms race spiral`` the first week combined armament reaches ``spiral_ratio`` x start."""

    id = "world.arms_race"
    action = "arms race"
    paragraphs = ("P9",)
    phase = Phase.DYNAMICS
    category = Category.NON_VIOLENT
    trigger = "every week; event when combined armament >= spiral_ratio x start"
    response = "armament indices update; arms-race spiral flagged"
    parameters = (
        "arms_race.reactivity_russia",
        "arms_race.reactivity_west",
        "arms_race.fatigue_russia",
        "arms_race.fatigue_west",
        "arms_race.extra_grievance",
        "arms_race.threat_gain",
        "arms_race.spiral_ratio",
    )

    def update(self, model, world):
        a = model.params.arms_race
        x, y = world.arms_russia, world.arms_west
        g_r = (
            a.fatigue_russia
            - a.reactivity_russia
            + a.extra_grievance
            + a.threat_gain * world.struck_this_week
        )
        g_w = (
            a.fatigue_west
            - a.reactivity_west
            + a.extra_grievance
            + a.threat_gain * world.transfers_this_week
        )
        # armament never vanishes entirely (a floor keeps the pressure ratio defined)
        world.arms_russia = np.maximum(
            x + a.reactivity_russia * y - a.fatigue_russia * x + g_r, ARMS_FLOOR
        )
        world.arms_west = np.maximum(
            y + a.reactivity_west * x - a.fatigue_west * y + g_w, ARMS_FLOOR
        )
        new = ~world.spiral & (world.arms_russia + world.arms_west >= 2.0 * a.spiral_ratio)
        world.spiral |= new
        return [(new, None)]


@register
class RegionalTension(DynamicRule):
    """Regional tension fades toward its start plus a floor set by the long-range stock the
    region's recipients hold (P6: arming hostile actors destabilises regions; P9 rivals arm in
    turn)."""

    id = "recipient.regional_tension"
    action = "regional tension"
    paragraphs = ("P6", "P9")
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "tension relaxes toward start + 0.5 x stock"
    parameters = ("recipients.*.tension_decay", "recipients.*.initial_tension")

    def update(self, model, world):
        target = np.minimum(model.initial_tension + 0.5 * world.stock, 1.0)
        world.tension = np.clip(
            world.tension + model.tension_decay * (target - world.tension), 0.0, 1.0
        )
        return []


@register
class Entrenchment(DynamicRule):
    """Both sides prepare for a prolonged confrontation (P13): entrenchment grows toward 1 while
    fighting continues, faster as armament rises, and erodes under a ceasefire."""

    id = "mediators.entrenchment"
    action = "entrenchment"
    paragraphs = ("P13",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "entrenchment += rate x (1 - e) x mean armament; -rate x e under ceasefire"
    parameters = ("mediation.entrenchment_rate",)

    def update(self, model, world):
        r = model.params.mediation.entrenchment_rate
        e = world.entrenchment
        arms = 0.5 * (world.arms_russia + world.arms_west)
        grow = r * (1.0 - e) * arms
        world.entrenchment = np.clip(np.where(world.ceasefire, e - r * e, e + grow), 0.0, 1.0)
        return []


@register
class LadderDecay(DynamicRule):
    """Each ladder above its floor steps down one level with a weekly probability: the
    superpowers' preference for avoiding direct conflict (P10) pulls crises back. Floors are the
    start levels (the war's ceasefire level while a ceasefire holds)."""

    id = "world.ladder_decay"
    action = "de-escalate one level"
    paragraphs = ("P10",)
    phase = Phase.DYNAMICS
    category = Category.DE_ESCALATION
    trigger = "ladder above its floor"
    response = "ladder -1"
    parameters = ("ladders.decay_ukraine", "ladders.decay_nato", "ladders.decay_regional")

    def update(self, model, world):
        L = model.params.ladders
        floors = np.broadcast_to(world.ladder_start, world.ladder.shape).copy()
        floors[:, Theatre.UKRAINE] = np.where(
            world.ceasefire, L.ukraine_ceasefire_level, world.ladder_start[Theatre.UKRAINE]
        )
        rates = [L.decay_ukraine, L.decay_nato] + [L.decay_regional] * (len(THEATRES) - 2)
        out = []
        for t, name in enumerate(THEATRES):
            above = world.ladder[:, t] > floors[:, t]
            if not above.any():
                continue
            fired = above & (model.draw(self, name) < rates[t])
            world.ladder[fired, t] -= 1
            out.append((fired, t))
        return out
