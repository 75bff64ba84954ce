"""The world's weekly dynamics, run after all actions in registry order (P2, P3, P4, P6, P8, P9,
P10, P13). Each is documented with its equation in docs/model.md."""

from __future__ import annotations

import numpy as np

from ..core.ladder import Category
from ..core.theatres import THEATRES, Theatre
from ..core.world import row_sum
from .base import Change, DynamicRule, Phase
from .registry import register
from .west import credibility_factor


@register
class AttributeInvolvement(DynamicRule):
    """Russia's perceived Western involvement (P2, P3, P4), a perception rather than a clock.

    Each week it moves a share ``involvement_adjustment`` of the way toward what the standing
    evidence supports - ``initial_involvement`` plus ``trainer_involvement`` per Western state
    with trainers in Ukraine - and each week with a deep strike adds ``attribution_per_strike``
    (P2: target selection attributed to Western militaries). So it falls again when trainers
    leave or strikes stop. How strongly this replicate's Russia reads the evidence
    (``perception``, a factor drawn from 1 +- ``perception_spread``) and where its co-belligerence
    threshold lies (drawn from ``cobelligerence_threshold`` +- ``cobelligerence_threshold_spread``)
    vary across replicates: the same trainers cross the threshold in some worlds, late in others,
    never in the rest.
    """

    id = "russia.attribute_involvement"
    action = "update perceived involvement"
    paragraphs = ("P2", "P3", "P4")
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = (
        "involvement += adjustment x (start + trainer states x per-state - involvement) "
        "+ deep strike x attribution + border strike x its attribution, all x perception"
    )
    parameters = (
        "russia.initial_involvement",
        "russia.attribution_per_strike",
        "russia.attribution_per_border_strike",
        "russia.trainer_involvement",
        "russia.involvement_adjustment",
        "russia.perception_spread",
        "russia.cobelligerence_threshold",
        "russia.cobelligerence_threshold_spread",
    )

    def initialise(self, k, world):
        spread = k.cobelligerence_threshold_spread
        u = k.uniform(draw=0, name="Russia")
        world.cob_threshold = np.clip(
            k.cobelligerence_threshold + spread * (2.0 * u - 1.0), 0.0, 1.0
        )
        world.perception = 1.0 + k.perception_spread * (2.0 * k.uniform(1, "Russia") - 1.0)
        world.cobelligerent = world.involvement >= world.cob_threshold

    def update(self, k, world):
        trainers = row_sum(world.trainers)
        evidence = np.minimum(
            k.initial_involvement + k.trainer_involvement * world.perception * trainers, 1.0
        )
        pulse = world.perception * (
            k.attribution_per_strike * world.struck_this_week
            + k.attribution_per_border_strike * world.border_struck_this_week
        )
        world.involvement = np.clip(
            world.involvement + k.involvement_adjustment * (evidence - world.involvement) + pulse,
            0.0,
            1.0,
        )
        return []


@register
class DeliverAid(DynamicRule):
    """Western aid with delivery delays (P8). Each state's commitment follows its announced aid
    level (``aid_level``, or what a scheduled ``announce_delivery`` set), Ukrainian pressure and
    Russia-NATO escalation (adaptive); Ukraine's fielded long-range capability follows the
    combined supply through a first-order delay with the supply-weighted mean delay. The
    long-range weapons of this war (ATACMS from HIMARS launchers, Storm Shadow/SCALP from Su-24s)
    are not F-16 weapons, so F-16 readiness plays no part here."""

    id = "west.deliver_aid"
    action = "deliver aid"
    paragraphs = ("P8",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "aid commitments adapt; capability moves toward supply / delay"
    parameters = (
        "west.*.aid_share",
        "west.*.delivery_delay_weeks",
        "west.*.pressure_sensitivity",
        "west.*.escalation_aversion",
        "west.*.credibility_sensitivity",
        "west.*.credibility_prior",
    )

    def prepare(self, k):
        """The supply-weighted mean delivery delay (1 week without any long-range supplier)."""
        share = k.aid_share.sum()
        mean = float((k.aid_share * k.delivery_delay_weeks).sum() / share) if share > 0 else 1.0
        k.mean_delay = mean

    def update(self, k, world):
        excess = world.nato_excess()[:, None]
        target = world.aid_target * (1.0 + k.pressure_sensitivity * world.pressure[:, None])
        belief = credibility_factor(
            k.credibility_sensitivity, k.credibility_prior, world.credibility()
        )
        world.aid = np.minimum(target * belief / (1.0 + k.escalation_aversion * excess), 1.0)
        supply = row_sum(world.aid * k.aid_share) / np.maximum(k.aid_share.sum(axis=-1), 1e-12)
        world.capability = world.capability + (supply - world.capability) / k.mean_delay
        return []


@register
class WeighCredibility(DynamicRule):
    """The West weighs Russia's threats (P1, P10, P14): each state holds a Beta belief in Russian
    credibility, starting from ``credibility_prior`` with weight ``prior_strength``. A threat
    carried out within its window adds a success (``world.receive_transfer``); here a threat
    that reaches ``threat_window_weeks`` unfulfilled lapses and adds a failure to every state's
    belief. The belief restrains permissions, trainers and aid (``credibility_sensitivity``)."""

    id = "west.weigh_credibility"
    action = "weigh Russia's threats"
    paragraphs = ("P1", "P10", "P14")
    phase = Phase.DYNAMICS
    category = Category.STATUS_QUO
    trigger = "a threat reaches the end of its window unfulfilled"
    response = "threat lapses; every state's belief: b += 1"
    parameters = ("russia.threat_window_weeks",)

    def update(self, k, world):
        lapsed = world.threat_open & (world.threat_age >= k.threat_window_weeks)
        world.cred_b[lapsed] += 1.0
        world.threat_open[lapsed] = False
        return [Change(lapsed)]


@register
class TrainPilots(DynamicRule):
    """F-16 readiness ramps slowly (P8: Ukraine's frustration at the pace of pilot training):
    ``readiness += rate``, capped at 1. Pilots train abroad (the coalition's courses in
    Denmark, Romania and the US from autumn 2023), so Western trainers inside Ukraine do not
    speed it up."""

    id = "ukraine.train_pilots"
    action = "train F-16 pilots"
    paragraphs = ("P8",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "F-16 readiness ramps up"
    parameters = ("ukraine.f16_training_rate",)

    def update(self, k, world):
        world.f16_readiness = np.minimum(world.f16_readiness + k.f16_training_rate, 1.0)
        return []


@register
class BattlefieldPressure(DynamicRule):
    """Pressure on Ukraine relaxes toward a target that falls with fielded long-range
    capability and with F-16 readiness (P8: air defence and ground attack), and rises with
    Russia's armament relative to the West's (P9); a ceasefire keeps only a share
    (``ceasefire_pressure``) of it."""

    id = "ukraine.battlefield_pressure"
    action = "battlefield pressure"
    paragraphs = ("P8",)
    phase = Phase.DYNAMICS
    trigger = "every week"
    response = "pressure moves toward its target"
    parameters = (
        "ukraine.initial_pressure",
        "ukraine.pressure_relief",
        "ukraine.f16_relief",
        "ukraine.pressure_adjustment",
        "ukraine.ceasefire_pressure",
    )

    def update(self, k, world):
        ratio = world.arms_russia / world.arms_west
        relief = (1.0 - k.pressure_relief * world.capability) * (
            1.0 - k.f16_relief * world.f16_readiness
        )
        target = k.initial_pressure * relief * ratio
        target = np.where(world.ceasefire, k.ceasefire_pressure * target, target)
        target = np.clip(target, 0.0, 1.0)
        world.pressure = world.pressure + k.pressure_adjustment * (target - world.pressure)
        return []


@register
class ArmsRace(DynamicRule):
    """Richardson arms race (P9; Richardson 1960): ``x += k_r y - a_r x + g_r`` and
    ``y += k_w x - a_w y + g_w``, with baseline grievances ``g = a - k`` (so the start is an
    equilibrium while ``extra_grievance`` is 0) plus ``extra_grievance`` and ``threat_gain``
    per deep strike (Russia) and per transfer (the West); armament stays between ``floor`` and
    ``ceiling``. Logs ``arms race spiral`` the first week combined armament reaches
    ``spiral_ratio`` x start.

    Notes
    -----
    Richardson's equations are linear: when reactivities outweigh fatigues
    (``k_r k_w > a_r a_w``) armament grows geometrically without limit - by a factor of up to
    ``1 + sqrt(k_r k_w)`` a week, so doubling weekly at the schema's extremes, and beyond the
    range of floating point within a few years (Richardson 1960; Intriligator 1964).
    That instability is the arms-race spiral of P9 and stays allowed; what a linear model lacks
    is the economy behind it: no state can arm without bound, and a war economy at full stretch
    spends some 40-60% of GDP on its military (Harrison 1998) against the 2-7% of today
    (SIPRI 2025). So the indices saturate at ``ceiling``, a hard cap like ``floor``. Its
    default (1000 x start) lies far above what any shipped scenario reaches at its horizon and
    far above an economy's limit, so it only keeps an unstable race finite; an analyst who
    wants the economy to bind sets it lower (10-25 x start for total war on today's economy).

    References
    ----------
    Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.
    Intriligator, M. D. (1964). Some simple models of arms races. *General Systems* 9, 143-147.
    Harrison, M. (ed.) (1998). *The Economics of World War II*. Cambridge University Press.
    SIPRI (2025). *Trends in World Military Expenditure, 2024*. SIPRI Fact Sheet.
    """

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
        "arms_race.floor",
        "arms_race.ceiling",
    )

    def update(self, k, world):
        x, y = world.arms_russia, world.arms_west
        g_r = (
            k.fatigue_russia
            - k.reactivity_russia
            + k.extra_grievance
            + k.threat_gain * world.struck_this_week
        )
        g_w = (
            k.fatigue_west
            - k.reactivity_west
            + k.extra_grievance
            + k.threat_gain * world.transfers_this_week
        )
        # armament never vanishes entirely (a floor keeps the pressure ratio defined) and never
        # outgrows an economy (a ceiling keeps an unstable race finite)
        world.arms_russia = np.clip(
            x + k.reactivity_russia * y - k.fatigue_russia * x + g_r, k.floor, k.ceiling
        )
        world.arms_west = np.clip(
            y + k.reactivity_west * x - k.fatigue_west * y + g_w, k.floor, k.ceiling
        )
        new = ~world.spiral & (world.arms_russia + world.arms_west >= 2.0 * k.spiral_ratio)
        world.spiral |= new
        return [Change(new)]


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
    response = "tension relaxes toward start + stock_tension x stock"
    parameters = (
        "recipients.*.tension_decay",
        "recipients.*.initial_tension",
        "recipients.*.stock_tension",
    )

    def update(self, k, world):
        target = np.minimum(k.initial_tension + k.stock_tension * world.stock, 1.0)
        world.tension = np.clip(
            world.tension + k.tension_decay * (target - world.tension), 0.0, 1.0
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

    def update(self, k, world):
        r = k.entrenchment_rate
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
    parameters = (
        "ladders.decay_ukraine",
        "ladders.decay_nato",
        "ladders.decay_regional",
        "ladders.ukraine_ceasefire_level",
    )

    def update(self, k, world):
        floors = np.broadcast_to(world.ladder_start, world.ladder.shape).copy()
        floors[:, Theatre.UKRAINE] = np.where(
            world.ceasefire, k.ukraine_ceasefire_level, world.ladder_start[Theatre.UKRAINE]
        )
        rates = [k.decay_ukraine, k.decay_nato] + [k.decay_regional] * (len(THEATRES) - 2)
        out = []
        for t, name in enumerate(THEATRES):
            above = world.ladder[:, t] > floors[:, t]
            if not above.any():
                continue
            fired = above & (k.uniform(name=name) < rates[t])
            before = world.ladder[:, t].copy()
            world.ladder[fired, t] -= 1
            out.append(Change(fired, t, before))
        return out
