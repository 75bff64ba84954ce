"""One scripted test per rule of the registry: a world that must trigger it, one that must not.

Harness: the baseline scenario with every stochastic rate at zero (``QUIET``) except the rule
under test, whose weekly probability is made exactly 1 (or larger) by overrides. Replicate 0 of a
small ensemble satisfies the rule's trigger and the others violate one clause each, so the whole
event log after one ``step()`` is known exactly. State is scripted *before* ``step()``: the step
first advances the "weeks since" counters (a counter set to k is observed as k + 1) and applies
scheduled levers, then actors observe a snapshot. Dynamics are checked against their documented
equations, and a few tests check intermediate probabilities: the fired replicates at a fixed
seed must be exactly those whose addressed uniform draw is below the documented probability.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from escalation_sim import EscalationModel, load_scenario
from escalation_sim.core.rng import Streams
from escalation_sim.core.theatres import REGIONS, Theatre
from escalation_sim.core.world import (
    DEEP,
    LIMITED,
    LIMITED_PERMISSION,
    NEVER,
    NONE,
    TRAINERS,
)
from escalation_sim.rules import REGISTRY
from escalation_sim.scenarios.schema import WESTERN_STATES

US, UK, FR, DE = range(4)  # Western states' slots, in the baseline's order
UA, NATO, ME, AS = Theatre.UKRAINE, Theatre.NATO, Theatre.MIDDLE_EAST, Theatre.ASIA
G_ME, G_AS = 0, 1  # recipient-region columns

WEST_RATES = (
    "permission_rate",
    "limited_permission_rate",
    "revoke_rate",
    "trainer_deploy_rate",
    "trainer_withdraw_rate",
    "interdiction_rate",
    "sanction_rate",
    "recipient_strike_rate",
    "yield_rate",
)
QUIET = tuple(  # every stochastic rate of the baseline at zero, no spread across replicates
    f"{key}=0.0"
    for key in (
        *(f"west.{s}.{r}" for s in WESTERN_STATES for r in (*WEST_RATES, "retaliation_propensity")),
        *(
            f"russia.{r}"
            for r in (
                "transfer_follow_through",
                "trainer_targeting",
                "show_of_force",
                "cobelligerence_rate",
                "cobelligerence_lapse_rate",
                "cobelligerence_threshold_spread",
                "perception_spread",
                "threat_rate",
                "assist_rate",
            )
        ),
        *(f"recipients.{g}.provocation_rate" for g in REGIONS),
        *(f"ladders.decay_{t}" for t in ("ukraine", "nato", "regional")),
        "russia.direct_action_rate",
        "ukraine.deep_strike_rate",
        "ukraine.border_strike_rate",
        "outcomes.spillover_rate",
        "mediation.success_rate",
        "mediation.breakdown_rate",
    )
)

QUIET = (*QUIET, "russia.threat_at_start=false")  # no threat standing at week 0

COVERED: set[str] = set()


def covers(*rule_ids: str):
    """Record that the decorated test pins the given rules (see test_every_rule_is_covered)."""

    def mark(fn):
        COVERED.update(rule_ids)
        return fn

    return mark


def quiet_model(*overrides: str, n: int = 2, seed: int = 0) -> EscalationModel:
    return EscalationModel(load_scenario("baseline", [*QUIET, *overrides]), replicates=n, seed=seed)


COLS = ["replicate", "week", "actor", "rule", "target", "theatre", "level_before", "level_after"]


def rows(m: EscalationModel, rule: str | None = None, cols=(*COLS, "paragraphs")) -> list[tuple]:
    """The event log as plain tuples (None for missing labels)."""
    df = m.log.frame(m.replicate_ids)
    if rule is not None:
        df = df[df["rule"] == rule]
    out = []
    for r in df[list(cols)].itertuples(index=False):
        out.append(tuple(None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in r))
    return out


def row(rule, paragraphs, rep, actor, target=None, theatre=None, before=-1, after=-1, week=1):
    return (rep, week, actor, rule, target, theatre, before, after, paragraphs)


def expected_fired(rule: str, actor: str, p: np.ndarray, slot: int = 0, week: int = 1) -> list:
    """Replicates whose addressed uniform (seed 0) is below p; the draw must discriminate."""
    u = Streams(0, np.arange(len(p))).uniform(week, REGISTRY[rule].stream(actor, slot))
    hit = np.flatnonzero(u < p).tolist()
    assert 0 < len(hit) < len(p), "choose p so that the check can fail either way"
    return hit


def probability(m: EscalationModel, rule_id: str, actor: str, world) -> np.ndarray:
    """The weekly probability of a rule for the actor a scenario names ``actor``."""
    rule = REGISTRY[rule_id]
    return rule.probability(m.actor(actor).inputs[rule], world)


def update(m: EscalationModel, rule_id: str, world) -> list:
    """Run one dynamic rule on ``world`` with the model's inputs for it."""
    rule, inputs = next((r, k) for r, k in m.dynamics if r.id == rule_id)
    return rule.update(inputs, world)


def fired_replicates(m: EscalationModel, rule: str) -> list:
    return sorted({r[0] for r in rows(m, rule)})


# -- Western states ------------------------------------------------------------------------
@covers("west.permit_deep_strikes")
def test_permit_deep_strikes_where_not_yet_permitted_and_adaptive_rate():
    rid = "west.permit_deep_strikes"
    m = quiet_model("west.UK.permission_rate=1.0", n=3)
    m.world.permission[1, UK] = DEEP
    m.world.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(rid, "P1,P8,P10", 0, "UK")]
    assert m.world.permits[:, UK].tolist() == [True, True, False]
    assert m.world.since_decision.tolist() == [0, NEVER, NEVER]  # a Western decision
    assert not m.world.permits[:, [US, FR, DE]].any()
    # adaptive: rises with Ukrainian pressure (P8), falls with Russia-NATO escalation (P10)
    m = quiet_model("west.UK.permission_rate=0.1", n=4)
    w = m.world
    w.pressure[:] = [0.0, 1.0, 0.0, 1.0]
    w.ladder[:, NATO] = [2, 2, 4, 4]  # start 2: excess 0, 0, 2, 2
    p = probability(m, "west.permit_deep_strikes", "UK", w)
    np.testing.assert_allclose(p, [0.1, 0.2, 0.1 / 3, 0.2 / 3])


@covers("west.permit_deep_strikes")
def test_permit_intermediate_probability_matches_addressed_draws():
    rid = "west.permit_deep_strikes"
    m = quiet_model("west.UK.permission_rate=0.25", n=64)
    m.world.pressure[:] = np.linspace(0.0, 1.0, 64)
    m.world.ladder[::2, NATO] = 3
    m.step()
    p = 0.25 * (1.0 + np.linspace(0.0, 1.0, 64)) / np.where(np.arange(64) % 2 == 0, 2.0, 1.0)
    assert fired_replicates(m, rid) == expected_fired(rid, "UK", p)


@covers("west.revoke_deep_strikes")
def test_revoke_deep_strikes_at_direct_confrontation_or_ceasefire():
    rid = "west.revoke_deep_strikes"
    m = quiet_model("west.US.revoke_rate=1.0", n=5)
    w = m.world
    w.permission[[0, 1, 2, 4], US] = DEEP
    w.permission[3, US] = NONE  # nothing left to revoke
    w.ladder[[0, 3], NATO] = 3  # the direct-confrontation level
    w.ceasefire[2] = True
    w.week_peak[4, NATO] = 3  # reached last week, undone by that week's de-escalation
    m.step()
    assert rows(m) == [row(rid, "P10", r, "US") for r in (0, 2, 4)]
    assert m.world.permission[:, US].tolist() == [NONE, DEEP, NONE, NONE, NONE]
    # a limited permission is withdrawn the same way
    m = quiet_model("west.US.revoke_rate=1.0", n=2)
    m.world.ladder[0, NATO] = 3
    m.step()
    assert rows(m) == [row(rid, "P10", 0, "US")]
    assert m.world.permission[:, US].tolist() == [NONE, LIMITED]


@covers("west.deploy_trainers")
def test_deploy_trainers_needs_no_trainers_no_recent_strike_no_ceasefire_and_adapts():
    rid = "west.deploy_trainers"
    m = quiet_model("west.France.trainer_deploy_rate=1.0", n=5)
    w = m.world
    w.trainers_struck[1, FR] = 3  # observed as 4 weeks ago: still recent
    w.trainers[2, FR] = True
    w.ceasefire[3] = True
    w.trainers_struck[4, FR] = 4  # observed as 5 weeks ago: no longer recent
    m.step()
    assert rows(m) == [row(rid, "P4,P8", 0, "France"), row(rid, "P4,P8", 4, "France")]
    assert m.world.trainers[:, FR].tolist() == [True, False, True, False, True]
    assert m.world.since_decision[[0, 4]].tolist() == [0, 0]
    # adaptive: x (1 + pressure) / (1 + aversion x NATO excess); F-16 readiness plays no part
    m = quiet_model("west.France.trainer_deploy_rate=0.1", n=4)
    w = m.world
    w.pressure[:] = [0.0, 1.0, 1.0, 1.0]
    w.f16_readiness[:] = [0.0, 0.0, 1.0, 0.0]
    w.ladder[3, NATO] = 4
    p = probability(m, "west.deploy_trainers", "France", w)
    np.testing.assert_allclose(p, [0.1, 0.2, 0.2, 0.2 / 3])


@covers("west.withdraw_trainers")
def test_withdraw_trainers_after_recent_strike_confrontation_or_ceasefire():
    rid = "west.withdraw_trainers"
    m = quiet_model("west.France.trainer_withdraw_rate=1.0", n=6)
    w = m.world
    w.trainers[[0, 1, 2, 3, 5], FR] = True
    w.week_peak[5, NATO] = 3  # confrontation reached last week and undone the same week
    w.trainers_struck[0, FR] = 3  # observed 4 weeks ago: recent
    w.trainers_struck[1, FR] = 4  # observed 5 weeks ago: not recent, nothing else -> stays
    w.ladder[2, NATO] = 3
    w.ceasefire[3] = True
    w.trainers_struck[4, FR] = 0  # struck, but no trainers left to withdraw
    m.step()
    assert rows(m) == [row(rid, "P5,P10", r, "France") for r in (0, 2, 3, 5)]
    assert m.world.trainers[:, FR].tolist() == [False, True, False, False, False, False]


@covers("west.retaliate")
def test_retaliate_within_two_weeks_of_a_strike_on_own_trainers():
    rid = "west.retaliate"
    m = quiet_model("west.France.retaliation_propensity=1.0", n=4)
    m.world.trainers_struck[0, FR] = 1  # observed 2 weeks ago
    m.world.trainers_struck[1, FR] = 2  # observed 3 weeks ago: too late
    m.world.trainers_struck[2, UK] = 0  # another state's trainers: not France's rule
    m.world.trainers_struck[3, FR] = 0
    m.world.ceasefire[3] = True  # no military answer under a ceasefire
    m.step()
    assert rows(m) == [row(rid, "P5,P10", 0, "France", None, "nato", 2, 3)]
    assert m.world.ladder[:, NATO].tolist() == [3, 2, 2, 2]
    assert m.world.peak[0, NATO] == 3
    # the path of that direct confrontation is the retaliation
    assert m.world.direct_cause.tolist() == [REGISTRY[rid].index, -1, -1, -1]
    # gated by escalation aversion (P10): / (1 + aversion x NATO levels above start)
    m = quiet_model("west.France.retaliation_propensity=0.3", n=3)
    w = m.world
    w.trainers_struck[:, FR] = 0
    w.ladder[:, NATO] = [2, 3, 4]
    np.testing.assert_allclose(probability(m, rid, "France", w), [0.3, 0.15, 0.1])


# -- Ukraine -------------------------------------------------------------------------------
@covers("ukraine.deep_strike")
def test_deep_strike_needs_a_permitting_supplier_and_no_ceasefire():
    rid = "ukraine.deep_strike"
    m = quiet_model("ukraine.deep_strike_rate=1.0", n=3)
    w = m.world
    w.capability[:] = 1.0
    w.permission[:2] = DEEP  # every supplier permits: permitted share 1
    w.ceasefire[1] = True
    m.step()
    assert rows(m) == [row(rid, "P1,P2", 0, "Ukraine")]
    assert m.world.struck_this_week.tolist() == [True, False, False]
    assert m.world.since_strike.tolist() == [0, NEVER, NEVER]


@covers("ukraine.deep_strike")
def test_deep_strike_intermediate_probability_scales_with_capability_and_permitted_share():
    rid = "ukraine.deep_strike"
    m = quiet_model("ukraine.deep_strike_rate=0.6", n=64)
    cap = np.linspace(0.0, 1.0, 64)
    m.world.capability[:] = cap
    m.world.permission[:, US] = np.where(np.arange(64) % 2 == 0, DEEP, LIMITED)  # share 0.4
    m.world.permission[:, UK] = np.where(np.arange(64) % 3 == 0, DEEP, NONE)  # UK share 0.2
    share = 0.4 * (np.arange(64) % 2 == 0) + 0.2 * (np.arange(64) % 3 == 0)
    m.step()
    assert fired_replicates(m, rid) == expected_fired(rid, "Ukraine", 0.6 * cap * share)


# -- Russia --------------------------------------------------------------------------------
@covers("russia.declare_cobelligerence")
def test_declare_cobelligerence_is_rhetoric_once_involvement_reaches_its_threshold():
    rid = "russia.declare_cobelligerence"
    m = quiet_model("russia.declaration_threshold=0.5", n=3)
    w = m.world
    assert w.declared.tolist() == [False] * 3  # 0.35 < 0.5 at week 0
    w.involvement[:] = [0.5, 0.49, 0.9]  # threshold 0.5 (inclusive)
    w.declared[2] = True  # already declared: no second declaration
    m.step()
    assert rows(m) == [row(rid, "P3", 0, "Russia")]
    assert m.world.declared.tolist() == [True, False, True]
    assert not m.world.cobelligerent.any()  # words only: what Russia does is unchanged
    # with the defaults the rhetoric is there from week 0 (P3): 0.35 >= 0.3
    assert quiet_model().world.declared.all()


@covers("russia.treat_as_cobelligerent")
def test_treat_as_cobelligerent_once_involvement_reaches_the_replicates_threshold():
    rid = "russia.treat_as_cobelligerent"
    m = quiet_model("russia.cobelligerence_rate=1.0", n=4)
    w = m.world
    w.involvement[:] = [0.6, 0.59, 0.9, 0.5]  # threshold 0.6 (inclusive)
    w.cobelligerent[2] = True  # already co-belligerent: nothing new
    w.cob_threshold[3] = 0.45  # this replicate's Russia crosses lower
    m.step()
    assert rows(m) == [row(rid, "P3,P5", r, "Russia") for r in (0, 3)]
    assert m.world.cobelligerent.tolist() == [True, False, True, True]
    # acting on it is a weekly decision, not a clock
    m = quiet_model("russia.cobelligerence_rate=0.3", n=64)
    m.world.involvement[:] = np.tile([0.7, 0.5], 32)
    m.step()
    p = np.tile([0.3, 0.0], 32)
    assert fired_replicates(m, rid) == expected_fired(rid, "Russia", p)


@covers("russia.lapse_cobelligerence")
def test_lapse_cobelligerence_below_threshold_minus_hysteresis():
    rid = "russia.lapse_cobelligerence"
    m = quiet_model("russia.cobelligerence_lapse_rate=1.0", n=4)
    w = m.world
    w.cobelligerent[:3] = True
    w.involvement[:] = [0.49, 0.5, 0.9, 0.1]  # lapses below 0.6 - 0.1 (strict)
    m.step()
    assert rows(m) == [row(rid, "P3,P10", 0, "Russia")]
    assert m.world.cobelligerent.tolist() == [False, True, True, False]


@covers("russia.strike_trainers")
def test_strike_trainers_per_state_one_nato_step_and_doubled_when_cobelligerent():
    rid = "russia.strike_trainers"
    m = quiet_model("russia.trainer_targeting=1.0", n=2)
    m.world.trainers[0, [UK, FR]] = True
    m.step()
    assert rows(m) == [
        row(rid, "P4,P5", 0, "Russia", "UK", "nato", 2, 3),
        row(rid, "P4,P5", 0, "Russia", "France", "nato", 2, 3),
    ]
    assert m.world.trainers_struck[0].tolist() == [NEVER, 0, 0, NEVER]
    assert (m.world.trainers_struck[1] == NEVER).all()
    assert m.world.ladder[:, NATO].tolist() == [3, 2]  # two states struck: still one step
    # drawn per state; x cobelligerent_multiplier (2) once the West is a co-belligerent
    m = quiet_model("russia.trainer_targeting=0.2", n=2)
    m.world.trainers[:, FR] = True
    m.world.cobelligerent[1] = True
    p = probability(m, "russia.strike_trainers", "russia", m.world)
    np.testing.assert_allclose(p, [[0, 0, 0.2, 0], [0, 0, 0.4, 0]])


@covers("russia.strike_trainers", "west.withdraw_trainers")
def test_strike_trainers_misses_trainers_withdrawn_earlier_the_same_week_and_ceasefires():
    """Russia decides on last week's picture, but the strike resolves after this week's policy
    phase: trainers withdrawn in it are no longer there to hit; no strikes under a ceasefire."""
    m = quiet_model("russia.trainer_targeting=1.0", "west.France.trainer_withdraw_rate=1.0", n=3)
    w = m.world
    w.trainers[:, FR] = True
    w.trainers_struck[0, FR] = 1  # struck last week: France withdraws this week
    w.ceasefire[2] = True
    m.step()
    got = rows(m, cols=("replicate", "rule", "target"))
    assert "west.withdraw_trainers" in {r[1] for r in got if r[0] == 0}
    assert [r for r in got if r[1] == "russia.strike_trainers"] == [
        (1, "russia.strike_trainers", "France")
    ]
    assert m.world.ladder[:, NATO].tolist() == [2, 3, 2]


@covers("ukraine.deep_strike", "west.revoke_deep_strikes")
def test_deep_strike_cannot_use_a_permission_revoked_the_same_week():
    only_us = [f"west.{s}.aid_share=0.0" for s in ("UK", "France", "Germany")]
    m = quiet_model("ukraine.deep_strike_rate=1.0", "west.US.revoke_rate=1.0", *only_us, n=2)
    w = m.world
    w.permission[:, US] = DEEP
    w.capability[:] = 1.0
    w.ladder[0, NATO] = 3  # direct confrontation: the US revokes in the policy phase
    m.step()
    assert fired_replicates(m, "ukraine.deep_strike") == [1]
    assert fired_replicates(m, "west.revoke_deep_strikes") == [0]


@covers("russia.direct_action")
def test_direct_action_only_when_cobelligerent_without_ceasefire():
    rid = "russia.direct_action"
    m = quiet_model("russia.direct_action_rate=1.0", "russia.direct_restraint=0.0", n=3)
    m.world.cobelligerent[[0, 2]] = True
    m.world.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(rid, "P3,P5,P10", 0, "Russia", None, "nato", 2, 3)]
    assert m.world.ladder[:, NATO].tolist() == [3, 2, 2]
    # Cold War restraint suppresses most direct acts (P10)
    m2 = quiet_model("russia.direct_action_rate=0.05", "russia.direct_restraint=0.8", n=2)
    m2.world.cobelligerent[0] = True
    p = probability(m2, rid, "russia", m2.world)
    np.testing.assert_allclose(p, [0.05 * 0.2, 0.0])


@covers("russia.show_of_force")
def test_show_of_force_after_recent_strike_up_to_the_nuclear_brink():
    rid = "russia.show_of_force"
    m = quiet_model("russia.show_of_force=1.0", n=3)
    w = m.world
    w.since_strike[:] = [1, 2, 0]  # observed 2, 3 and 1 weeks after the strike
    w.ladder[2, UA] = 6  # already at the brink
    m.step()
    assert rows(m) == [row(rid, "P9,P14", 0, "Russia", None, "ukraine", 5, 6)]
    assert m.world.ladder[:, UA].tolist() == [6, 5, 6]
    # a Western decision (permission, trainers, announced delivery) also draws signalling
    m = quiet_model("russia.show_of_force=1.0", n=2)
    m.world.since_seen_decision[:] = [1, 2]  # seen 2 and 3 weeks ago (window 2)
    m.step()
    assert rows(m) == [row(rid, "P9,P14", 0, "Russia", None, "ukraine", 5, 6)]
    # no signalling while a ceasefire holds
    m = quiet_model("russia.show_of_force=1.0", n=1)
    m.world.since_strike[:] = 0
    m.world.ceasefire[:] = True
    m.step()
    assert rows(m, rid) == []


TRANSFER = "russia.transfer_long_range"


@covers(TRANSFER)
def test_transfer_within_response_window_arms_recipient_and_moves_no_ladder():
    m = quiet_model(
        "russia.transfer_follow_through=1.0",
        "recipients.asia.russian_influence=0.0",  # only the Middle East can be chosen
        "recipients.latin_america.russian_influence=0.0",
        "recipients.middle_east.tension_decay=0.0",
        n=3,
    )
    m.world.since_strike[:] = [0, 8, 0]  # observed 1, 9 (window is 8) and 1 weeks ago
    m.world.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(TRANSFER, "P1,P6,P7,P10", 0, "Russia", "middle_east")]
    w = m.world
    assert w.transfers[:, G_ME].tolist() == [1, 0, 0]
    np.testing.assert_allclose(w.stock[:, G_ME], [0.25, 0, 0])
    np.testing.assert_allclose(w.tension[:, G_ME], [0.75, 0.6, 0.6])  # + tension_per_transfer
    assert (w.ladder == w.ladder_start).all()  # a delivery is not an act of violence
    assert w.transfers[:, 1:].sum() == 0


@covers(TRANSFER)
def test_transfer_follow_through_rises_with_involvement_and_doubles_when_cobelligerent():
    m = quiet_model("russia.transfer_follow_through=0.1", n=5)
    w = m.world  # evaluated directly: counters are observed as set
    w.involvement[:] = [0.0, 0.5, 0.5, 0.0, 0.0]
    w.cobelligerent[2] = True
    w.since_strike[:] = [1, 1, 1, 8, 9]
    p = probability(m, TRANSFER, "russia", w)
    np.testing.assert_allclose(p, [0.1, 0.2, 0.4, 0.1, 0.0])  # base x (1 + 2 inv) x 2 if cobel.
    # the same formula decides which of 64 replicates fire at seed 0
    m = quiet_model("russia.transfer_follow_through=0.1", n=64)
    inv = np.linspace(0.0, 1.0, 64)
    cobel = np.arange(64) % 2 == 1
    m.world.involvement[:] = inv
    m.world.cobelligerent[:] = cobel
    m.world.since_strike[:] = 0
    m.step()
    p = 0.1 * (1.0 + 2.0 * inv) * np.where(cobel, 2.0, 1.0)
    assert fired_replicates(m, TRANSFER) == expected_fired(TRANSFER, "Russia", p)


@covers(TRANSFER)
def test_transfer_region_is_drawn_by_influence_times_capacity():
    m = quiet_model("russia.transfer_follow_through=1.0", n=64)
    m.world.since_strike[:] = 0
    m.step()
    weights = np.array([0.5 * 0.6, 0.3 * 0.7, 0.2 * 0.3])  # influence x capacity, baseline
    cum = np.cumsum(weights / weights.sum())
    u = Streams(0, np.arange(64)).uniform(1, REGISTRY[TRANSFER].stream("Russia", 1))
    region = np.searchsorted(cum, u, side="right")
    assert set(region) == {0, 1, 2}
    assert [r[4] for r in rows(m, TRANSFER)] == [REGIONS[g] for g in region]
    assert (m.world.transfers == np.eye(3, dtype=int)[region]).all()


# -- Recipients ----------------------------------------------------------------------------
@covers("recipient.provoke")
def test_provoke_acts_on_tension_without_russian_weapons():
    rid = "recipient.provoke"
    m = quiet_model("recipients.asia.provocation_rate=1.0", "recipients.asia.hostility=1.0", n=3)
    m.world.tension[:, G_AS] = [1.0, 0.0, 1.0]
    m.world.ladder[2, AS] = 5  # a region's ladder stops at conventional war
    m.step()
    who = "Asian recipients"
    assert rows(m) == [
        row(rid, "P6,P7,P11", 0, who, None, "asia", 2, 3),
        row(rid, "P6,P7,P11", 2, who, None, "asia", 5, 5),
    ]
    assert m.world.ladder[:, AS].tolist() == [3, 2, 5]
    assert not m.world.russian_war.any()  # background escalation
    # rate x hostility (0.7) x tension; Russian stock plays no part here
    m = quiet_model("recipients.middle_east.provocation_rate=0.5", n=4)
    m.world.tension[:, G_ME] = [0.0, 0.5, 0.5, 1.0]
    m.world.stock[:, G_ME] = [1.0, 0.0, 0.25, 1.0]
    p = probability(m, "recipient.provoke", "middle_east", m.world)
    np.testing.assert_allclose(p, [0.0, 0.175, 0.175, 0.35])


@covers("recipient.provoke")
def test_provoke_intermediate_probability_matches_addressed_draws():
    rid = "recipient.provoke"
    m = quiet_model("recipients.middle_east.provocation_rate=0.5", n=64)
    tension, stock = np.linspace(0.0, 1.0, 64), np.tile([0.0, 0.25], 32)
    m.world.tension[:, G_ME] = tension
    m.world.stock[:, G_ME] = stock
    m.step()
    p = 0.5 * 0.7 * tension
    assert fired_replicates(m, rid) == expected_fired(rid, "Middle East recipients", p)


USE = "recipient.use_russian_weapons"


@covers(USE)
def test_use_russian_weapons_needs_stock_and_marks_a_russian_regional_war_at_war_level():
    m = quiet_model(
        "recipients.asia.provocation_rate=1.0",
        "recipients.asia.hostility=1.0",
        "recipients.asia.stock_gain=4.0",
        n=3,
    )
    w = m.world
    w.tension[:, G_AS] = 1.0
    w.stock[:, G_AS] = [0.25, 0.0, 0.25]
    w.ladder[2, AS] = 4
    m.step()
    who, bg = "Asian recipients", "recipient.provoke"  # the background act fires as well
    assert rows(m) == [
        row(bg, "P6,P7,P11", 0, who, None, "asia", 2, 3),
        row(USE, "P6,P11", 0, who, None, "asia", 3, 4),
        row(bg, "P6,P7,P11", 1, who, None, "asia", 2, 3),
        row(bg, "P6,P7,P11", 2, who, None, "asia", 4, 5),
        row(USE, "P6,P11", 2, who, None, "asia", 5, 5),
    ]
    # only where the act with Russian weapons leaves the region at war (level 5)
    assert m.world.russian_war[:, G_AS].tolist() == [False, False, True]
    # rate x hostility x tension x stock_gain x stock: the stock's part of the regional hazard
    m = quiet_model("recipients.asia.provocation_rate=0.5", n=3)
    m.world.tension[:, G_AS] = [0.5, 0.5, 1.0]
    m.world.stock[:, G_AS] = [0.0, 0.25, 0.5]
    p = probability(m, USE, "asia", m.world)
    np.testing.assert_allclose(p, [0.0, 0.5 * 0.5 * 0.5 * 3 * 0.25, 0.5 * 0.5 * 3 * 0.5])


@covers(USE)
def test_use_russian_weapons_intermediate_probability_matches_addressed_draws():
    m = quiet_model("recipients.middle_east.provocation_rate=0.5", n=64)
    stock = np.tile([0.0, 0.25, 0.5, 1.0], 16)
    m.world.stock[:, G_ME] = stock
    m.step()
    p = np.minimum(0.5 * 0.7 * 0.6 * 3.0 * stock, 1.0)
    assert fired_replicates(m, USE) == expected_fired(USE, "Middle East recipients", p)
    # the Middle East starts at war (5): every use there is a regional war with Russian weapons
    fired = fired_replicates(m, USE)
    assert np.flatnonzero(m.world.russian_war[:, G_ME]).tolist() == fired


@covers("recipient.spillover")
def test_spillover_from_a_regional_war_with_russian_weapons_raises_nato_ladder():
    rid = "recipient.spillover"
    m = quiet_model("outcomes.spillover_rate=1.0", n=3)
    m.world.ladder[:, ME] = m.world.week_peak[:, ME] = [5, 5, 4]  # regional-war level is 5
    m.world.russian_war[:, G_ME] = [True, False, True]  # 1: a war without Russian weapons
    m.step()
    assert rows(m) == [row(rid, "P11", 0, "Middle East recipients", None, "nato", 2, 3)]
    assert m.world.ladder[:, NATO].tolist() == [3, 2, 2]
    assert m.world.direct_cause.tolist() == [REGISTRY[rid].index, -1, -1]


# -- Mediators -----------------------------------------------------------------------------
@covers("mediators.broker_ceasefire")
def test_broker_ceasefire_sets_ceasefire_level_and_success_falls_with_escalation():
    rid = "mediators.broker_ceasefire"
    m = quiet_model("mediation.success_rate=1.0")
    m.world.effort[:] = 1.0
    m.world.entrenchment[:] = 0.0
    m.world.ceasefire[1] = True
    m.world.ladder[1, UA] = 2
    m.step()
    assert rows(m) == [row(rid, "P12,P13", 0, "Mediators", None, "ukraine", 5, 2)]
    assert m.world.ceasefire.tolist() == [True, True]
    assert m.world.ladder[:, UA].tolist() == [2, 2]
    # success x effort x (1 - entrenchment) / (1 + 0.5 x levels above start, all theatres)
    m = quiet_model("mediation.success_rate=0.5", n=5)
    w = m.world
    w.effort[:] = [1.0, 0.5, 1.0, 1.0, 1.0]
    w.entrenchment[:] = [0.0, 0.0, 0.5, 0.0, 0.0]
    w.ladder[3, NATO] = 4  # 2 levels above start
    w.ladder[3, UA] = 6  # 1 level above start
    w.ceasefire[4] = True
    p = probability(m, "mediators.broker_ceasefire", "mediators", w)
    np.testing.assert_allclose(p, [0.5, 0.25, 0.25, 0.5 / 2.5, 0.0])


@covers("mediators.ceasefire_collapse")
def test_ceasefire_collapse_resumes_war_at_start_level():
    rid = "mediators.ceasefire_collapse"
    m = quiet_model("mediation.breakdown_rate=1.0")
    m.world.ceasefire[0] = True
    m.world.ladder[0, UA] = 2
    m.step()
    assert rows(m) == [row(rid, "P13,P14", 0, "Mediators", None, "ukraine", 2, 5)]
    assert m.world.ceasefire.tolist() == [False, False]
    assert m.world.ladder[:, UA].tolist() == [5, 5]
    # breakdown x (1 + entrenchment) x (1 + 0.5 x levels above start)
    m2 = quiet_model("mediation.breakdown_rate=0.1", n=4)
    w = m2.world
    w.ceasefire[:3] = True
    w.entrenchment[:] = [0.0, 0.5, 0.0, 0.5]
    w.ladder[2, NATO] = 4
    p = probability(m2, rid, "mediators", w)
    np.testing.assert_allclose(p, [0.1, 0.15, 0.2, 0.0])


# -- World dynamics ------------------------------------------------------------------------
@covers("russia.attribute_involvement")
def test_attribute_involvement_moves_toward_the_evidence_and_can_fall():
    m = quiet_model("ukraine.deep_strike_rate=1.0", "russia.cobelligerence_threshold=1.0", n=4)
    w = m.world
    w.capability[:] = 1.0
    w.permission[[0, 2]] = DEEP  # a deep strike happens in replicates 0 and 2
    w.trainers[0, [UK, FR]] = True
    w.perception[0] = 1.5  # this replicate's Russia reads the evidence 1.5x as strongly
    w.involvement[2] = 0.99
    w.involvement[3] = 0.8  # no trainers, no strikes: falls toward the start
    m.step()
    # involvement += 0.05 x (0.35 + 0.2 x perception x trainer states - involvement)
    #               + 0.06 x perception x strike
    expected = [
        0.35 + 0.05 * (0.35 + 0.2 * 1.5 * 2 - 0.35) + 0.06 * 1.5,
        0.35,
        1.0,  # capped
        0.8 + 0.05 * (0.35 - 0.8),
    ]
    np.testing.assert_allclose(m.world.involvement, expected)
    assert "russia.attribute_involvement" not in {r[3] for r in rows(m)}


def test_perception_and_threshold_are_drawn_per_replicate_within_their_ranges():
    m = EscalationModel(load_scenario("baseline"), replicates=4000, seed=3)
    t, s = m.world.cob_threshold, m.world.perception
    assert 0.45 <= t.min() < 0.46 and 0.74 < t.max() <= 0.75  # 0.6 +- 0.15, uniform
    assert 0.5 <= s.min() < 0.51 and 1.49 < s.max() <= 1.5  # 1 +- 0.5, uniform
    assert abs(np.corrcoef(t, s)[0, 1]) < 0.05  # separate streams
    # replicate k's draws do not depend on the ensemble it is in
    one = EscalationModel(load_scenario("baseline"), replicates=1, seed=3, first_replicate=17)
    assert one.world.cob_threshold[0] == t[17] and one.world.perception[0] == s[17]


@covers("west.deliver_aid")
def test_deliver_aid_follows_announced_level_pressure_and_escalation():
    m = quiet_model(n=3)
    w = m.world
    w.pressure[:] = [0.5, 0.0, 1.0]
    w.ladder[0, NATO] = 3
    w.f16_readiness[:] = [1.0, 0.0, 0.0]  # plays no part: long-range weapons are not F-16s'
    w.aid_target[1, US] = 0.9  # the US announced more
    w.capability[:] = 0.3
    assert update(m, "west.deliver_aid", w) == []
    levels, aversion = np.array([0.6, 0.7, 0.6, 0.5]), np.array([1.0, 1.0, 1.0, 1.5])
    np.testing.assert_allclose(w.aid[0], levels * 1.5 / (1.0 + aversion))
    np.testing.assert_allclose(w.aid[1], [0.9, 0.7, 0.6, 0.5])  # no pressure, no escalation
    np.testing.assert_allclose(w.aid[2], 1.0)  # capped at full
    shares, mean_delay = np.array([0.4, 0.2, 0.2, 0.2]), 12.8  # share-weighted 12, 12, 12, 16
    supply = w.aid[:2] @ shares
    np.testing.assert_allclose(w.capability[:2], 0.3 + (supply - 0.3) / mean_delay)


def test_deliver_aid_without_any_long_range_supplier_keeps_capability_finite():
    m = quiet_model(*[f"west.{s}.aid_share=0.0" for s in WESTERN_STATES])
    m.step()
    assert np.isfinite(m.world.capability).all()


@covers("ukraine.train_pilots")
def test_train_pilots_at_its_own_pace_and_capped_at_one():
    m = quiet_model(n=3)
    w = m.world
    w.trainers[0, [UK, FR]] = True  # ground-force instructors: no faster pilot training
    w.f16_readiness[2] = 0.99
    assert update(m, "ukraine.train_pilots", w) == []
    np.testing.assert_allclose(w.f16_readiness, [0.22, 0.22, 1.0])


@covers("ukraine.battlefield_pressure")
def test_battlefield_pressure_relaxes_toward_target():
    m = quiet_model(n=4)
    w = m.world
    w.capability[:] = [1.0, 0.0, 0.0, 0.0]
    w.f16_readiness[:] = [0.0, 1.0, 0.0, 0.0]
    w.ceasefire[2] = True
    w.arms_russia[3] = 2.0
    assert update(m, "ukraine.battlefield_pressure", w) == []
    # targets: 0.6 (1 - 0.5 capability) (1 - 0.2 F-16 readiness) x arms ratio, x 0.3 under
    # ceasefire, clipped to [0, 1]
    targets = np.array([0.3, 0.48, 0.18, 1.0])
    np.testing.assert_allclose(w.pressure, 0.6 + 0.1 * (targets - 0.6))


def test_battlefield_pressure_stays_finite_when_armament_collapses():
    m = quiet_model("arms_race.extra_grievance=-0.2")
    m.run(8)  # armament reaches 0 at week 6
    assert np.isfinite(m.world.pressure).all()


@covers("world.arms_race")
def test_arms_race_richardson_update_and_spiral_logged_once():
    rid = "world.arms_race"
    m = quiet_model(n=3)
    w = m.world
    w.arms_russia[:] = w.arms_west[:] = [1.31, 1.2, 1.5]  # after: 2.614, 2.396, 2.99 vs 2 x 1.3
    w.spiral[2] = True  # already reached: not logged again
    m.step()
    assert rows(m) == [row(rid, "P9", 0, "World")]
    assert m.world.spiral.tolist() == [True, False, True]
    # the Richardson update itself, with threat grievances
    m = quiet_model(n=4)
    w = m.world
    w.struck_this_week[1] = True
    w.transfers_this_week[2] = 2
    w.arms_russia[3] = 1.2
    assert update(m, "world.arms_race", w)[0].fired.tolist() == [False] * 4
    # x += 0.03 y - 0.04 x + 0.01 (+ 0.05 per strike); y likewise (+ 0.05 per transfer)
    np.testing.assert_allclose(w.arms_russia, [1.0, 1.05, 1.0, 1.192])
    np.testing.assert_allclose(w.arms_west, [1.0, 1.0, 1.1, 1.006])


@covers("recipient.regional_tension")
def test_regional_tension_relaxes_toward_start_plus_half_stock():
    m = quiet_model(n=3)
    w = m.world
    w.stock[0, G_ME] = 0.5
    w.tension[2, G_ME] = 0.9
    assert update(m, "recipient.regional_tension", w) == []
    # toward 0.6 + 0.5 x stock at 0.02 a week
    np.testing.assert_allclose(w.tension[:, G_ME], [0.605, 0.6, 0.894])
    np.testing.assert_allclose(w.tension[:, 1:], [[0.3, 0.1]] * 3)  # at start: unchanged


@covers("mediators.entrenchment")
def test_entrenchment_grows_with_armament_and_erodes_under_ceasefire():
    m = quiet_model(n=3)
    w = m.world
    w.ceasefire[1] = True
    w.arms_russia[2] = w.arms_west[2] = 2.0
    assert update(m, "mediators.entrenchment", w) == []
    np.testing.assert_allclose(w.entrenchment, [0.3 + 0.01 * 0.7, 0.3 - 0.003, 0.3 + 0.014])


@covers("world.ladder_decay")
def test_ladder_decay_one_level_toward_floors():
    rid = "world.ladder_decay"
    m = quiet_model(*[f"ladders.decay_{t}=1.0" for t in ("ukraine", "nato", "regional")], n=4)
    w = m.world
    w.ladder[0, [UA, NATO, AS]] = [6, 4, 3]
    w.ceasefire[2:] = True
    w.ladder[2:, UA] = [2, 3]  # floor under ceasefire: the ceasefire level 2
    m.step()
    assert rows(m) == [
        row(rid, "P10", 0, "World", None, "ukraine", 6, 5),
        row(rid, "P10", 0, "World", None, "nato", 4, 3),
        row(rid, "P10", 0, "World", None, "asia", 3, 2),
        row(rid, "P10", 3, "World", None, "ukraine", 3, 2),
    ]
    assert m.world.ladder[:, UA].tolist() == [5, 5, 2, 2]


@covers("world.ladder_decay")
def test_ladder_decay_intermediate_probability_matches_addressed_draws():
    rid = "world.ladder_decay"
    m = quiet_model("ladders.decay_nato=0.3", n=64)
    m.world.ladder[:, NATO] = 4
    m.step()
    assert fired_replicates(m, rid) == expected_fired(rid, "nato", np.full(64, 0.3))


# -- Scheduled levers ----------------------------------------------------------------------
@covers(
    "scenario.permit_deep_strikes",
    "scenario.revoke_deep_strikes",
    "scenario.deploy_trainers",
    "scenario.withdraw_trainers",
)
@pytest.mark.parametrize(
    ("action", "flag", "initially", "paragraphs"),
    [
        ("permit_deep_strikes", "permits", False, "P1"),
        ("revoke_deep_strikes", "permits", True, "P10"),
        ("deploy_trainers", "trainers", False, "P4"),
        ("withdraw_trainers", "trainers", True, "P5,P10"),
    ],
)
def test_scheduled_western_lever_applies_at_its_week(action, flag, initially, paragraphs):
    start = "permits_deep_strikes" if flag == "permits" else "trainers_deployed"
    m = quiet_model(
        f"west.France.{start}={str(initially).lower()}",
        f'events=[{{week=2, actor="France", action="{action}"}}]',
    )
    m.step()
    assert rows(m) == []
    assert getattr(m.world, flag)[:, FR].tolist() == [initially] * 2
    m.step()
    rid = f"scenario.{action}"
    assert rows(m) == [row(rid, paragraphs, r, "France", week=2) for r in (0, 1)]
    assert getattr(m.world, flag)[:, FR].tolist() == [not initially] * 2
    assert getattr(m.world, flag)[:, [US, UK, DE]].sum() == 0


NO_ACTOR = tuple(c for c in (*COLS, "paragraphs") if c != "actor")


@covers("scenario.transfer_long_range")
def test_scheduled_transfer_arms_the_region_regardless_of_triggers():
    rid = "scenario.transfer_long_range"
    m = quiet_model(
        'events=[{week=2, actor="russia", action="transfer_long_range", region="asia"}]',
        "recipients.asia.tension_decay=0.0",
    )
    m.world.ceasefire[1] = True
    m.step()
    assert rows(m) == [] and m.world.transfers.sum() == 0
    m.step()
    assert rows(m, cols=NO_ACTOR) == [(r, 2, rid, "asia", None, -1, -1, "P1,P6") for r in (0, 1)]
    w = m.world
    assert w.transfers[:, G_AS].tolist() == [1, 1]
    np.testing.assert_allclose(w.stock[:, G_AS], 0.25)
    np.testing.assert_allclose(w.tension[:, G_AS], 0.45)
    assert w.ladder[:, AS].tolist() == [2, 2]  # a delivery moves no ladder
    assert w.peak[:, AS].tolist() == [2, 2]


@covers("scenario.announce_delivery", "west.announce_delivery")
def test_scheduled_delivery_sets_the_announced_aid_level_and_counts_as_a_decision_if_more():
    m = quiet_model(
        'events=[{week=2, actor="US", action="announce_delivery", value=0.9},'
        ' {week=2, actor="Germany", action="announce_delivery", value=0.1}]'
    )
    m.step()
    assert rows(m) == []
    m.step()
    rid = "scenario.announce_delivery"
    assert rows(m, cols=COLS) == [
        (r, 2, state, rid, None, None, -1, -1) for r in (0, 1) for state in ("US", "Germany")
    ]
    np.testing.assert_allclose(m.world.aid_target, [[0.9, 0.7, 0.6, 0.1]] * 2)
    assert m.world.since_decision.tolist() == [0, 0]  # the US's increase is a decision


@covers("scenario.set_mediation_effort", "mediators.set_effort", "mediators.broker_ceasefire")
def test_scheduled_effort_applies_before_mediators_observe():
    m = quiet_model(
        'events=[{week=2, actor="mediators", action="set_mediation_effort", value=1.0}]',
        "mediation.effort=0.0",
        "mediation.success_rate=1.0",
        "mediation.initial_entrenchment=0.0",
        "mediation.entrenchment_rate=0.0",
    )
    m.step()
    assert rows(m) == [] and m.world.effort.tolist() == [0.0, 0.0]
    m.step()
    broker = "mediators.broker_ceasefire"
    assert rows(m, cols=NO_ACTOR) == [
        (0, 2, "scenario.set_mediation_effort", None, None, -1, -1, "P12"),
        (0, 2, broker, None, "ukraine", 5, 2, "P12,P13"),
        (1, 2, "scenario.set_mediation_effort", None, None, -1, -1, "P12"),
        (1, 2, broker, None, "ukraine", 5, 2, "P12,P13"),
    ]
    assert m.world.effort.tolist() == [1.0, 1.0] and m.world.ceasefire.all()


def test_scheduled_levers_log_the_actor_names_used_by_rule_firings():
    m = quiet_model(
        'events=[{week=1, actor="russia", action="transfer_long_range", region="asia"},'
        ' {week=1, actor="mediators", action="set_mediation_effort", value=0.5}]'
    )
    m.step()
    assert {r[2] for r in rows(m)} == {m.actor("russia").name, m.actor("mediators").name}


# -- Model v2 part 2: graded permission, threats and credibility, answers to transfers ------
@covers("west.permit_limited_strikes")
def test_permit_limited_strikes_where_none_yet_and_restrained_by_credibility():
    rid = "west.permit_limited_strikes"
    m = quiet_model("west.UK.limited_permission_rate=1.0", n=3)
    w = m.world
    w.permission[:, UK] = [NONE, LIMITED, NONE]
    w.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(rid, "P1,P8,P10", 0, "UK")]
    assert m.world.permission[:, UK].tolist() == [LIMITED, LIMITED, NONE]
    assert m.world.since_decision[0] == 0  # a Western decision, of this kind:
    assert m.world.last_decision[0] == LIMITED_PERMISSION
    # x (1 + pressure) x (1 + s x prior) / (1 + s x belief): belief a / (a + b), prior 0.3 x 4
    m = quiet_model("west.UK.limited_permission_rate=0.1", n=3)
    w = m.world
    w.permission[:, UK] = NONE
    w.cred_b[1, UK] += 1.0  # one threat lapsed: belief 1.2 / 5
    w.cred_a[2, UK] += 1.0  # one threat kept: belief 2.2 / 5
    p = probability(m, rid, "UK", w)
    np.testing.assert_allclose(p, 0.1 * 1.6 * 1.3 / (1.0 + np.array([0.3, 0.24, 0.44])))


@covers("scenario.permit_limited_strikes")
def test_scheduled_limited_permission_never_lowers_a_deep_one():
    m = quiet_model(
        "west.France.limited_permission=false",
        "west.UK.permits_deep_strikes=true",
        'events=[{week=1, actor="France", action="permit_limited_strikes"},'
        ' {week=1, actor="UK", action="permit_limited_strikes"}]',
    )
    m.step()
    rid = "scenario.permit_limited_strikes"
    assert rows(m, cols=COLS) == [
        (r, 1, state, rid, None, None, -1, -1) for r in (0, 1) for state in ("France", "UK")
    ]
    assert m.world.permission[:, [UK, FR]].tolist() == [[DEEP, LIMITED]] * 2


@covers("ukraine.border_strike")
def test_border_strike_needs_at_least_limited_permission_and_is_no_deep_strike():
    rid = "ukraine.border_strike"
    m = quiet_model("ukraine.border_strike_rate=1.0", n=3)
    w = m.world
    w.capability[:] = 1.0  # every state permits limited strikes at week 0: share 1
    w.permission[1] = NONE
    w.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(rid, "P2,P8", 0, "Ukraine")]
    assert m.world.border_struck_this_week.tolist() == [True, False, False]
    assert m.world.since_strike.tolist() == [NEVER] * 3  # not P1's trigger
    # rate x capability x share of supply with limited or deep permission
    m = quiet_model("ukraine.border_strike_rate=0.5", n=3)
    w = m.world
    w.capability[:] = 0.5
    w.permission[1, [UK, FR, DE]] = NONE  # the US alone: share 0.4
    w.permission[2] = DEEP  # deep includes limited
    np.testing.assert_allclose(probability(m, rid, "ukraine", w), [0.25, 0.1, 0.25])


def test_border_strikes_add_attribution_at_their_own_weight():
    m = quiet_model(n=2)
    w = m.world
    w.border_struck_this_week[0] = True
    update(m, "russia.attribute_involvement", w)
    np.testing.assert_allclose(w.involvement, [0.35 + 0.01, 0.35])


@covers("russia.issue_threat")
def test_issue_threat_after_a_western_decision_one_at_a_time():
    rid = "russia.issue_threat"
    m = quiet_model("russia.threat_rate=1.0", n=4)
    w = m.world
    w.decide(np.array([True, False, True, True]), TRAINERS)  # not yet seen by Russia
    w.since_seen_decision[1] = 1  # seen last week: Russia let it pass
    w.threat_open[2] = True  # a threat already stands
    w.threat_age[2] = 3
    w.ceasefire[3] = True
    m.step()
    assert rows(m) == [row(rid, "P1,P14", 0, "Russia", "trainers")]
    assert m.world.threat_open.tolist() == [True, False, True, False]
    assert m.world.threat_against[0] == TRAINERS
    assert m.world.threats.tolist() == [1, 0, 0, 0]
    assert m.world.threat_age[[0, 2]].tolist() == [0, 4]
    # a scheduled decision is seen the week it is made, a drawn one the week after: both give
    # Russia one week to issue its threat
    m = quiet_model(
        "russia.threat_rate=1.0",
        'events=[{week=2, actor="UK", action="deploy_trainers"}]',
        "west.US.limited_permission=false",
        "west.US.limited_permission_rate=1.0",
    )
    m.step()  # week 1: the US grants limited permission (drawn, after Russia observed)
    assert rows(m, rid) == []
    m.step()  # week 2: Russia sees it (and the UK's scheduled trainers) and threatens
    assert [r[:2] for r in rows(m, rid)] == [(0, 2), (1, 2)]
    assert m.world.threat_against.tolist() == [TRAINERS, TRAINERS]


@covers("west.weigh_credibility")
def test_unfulfilled_threat_lapses_at_the_end_of_its_window_and_lowers_credibility():
    rid = "west.weigh_credibility"
    m = quiet_model(n=3)
    w = m.world
    w.threat_open[:2] = True
    w.threat_age[:2] = [11, 10]  # observed 12 (the window) and 11 weeks old
    m.step()
    assert rows(m, rid) == [row(rid, "P1,P10,P14", 0, "World")]
    assert m.world.threat_open.tolist() == [False, True, False]
    np.testing.assert_allclose(m.world.credibility(), [[1.2 / 5] * 4, [0.3] * 4, [0.3] * 4])


@covers(TRANSFER)
def test_a_transfer_while_a_threat_stands_keeps_it_and_raises_credibility():
    m = quiet_model("russia.transfer_follow_through=1.0", n=2)
    w = m.world
    w.since_strike[:] = 0
    w.threat_open[0] = True
    w.threat_age[0] = 3
    m.step()
    assert m.world.transfers.sum(axis=1).tolist() == [1, 1]
    assert m.world.threats_kept.tolist() == [1, 0]
    assert m.world.threat_open.tolist() == [False, False]
    np.testing.assert_allclose(m.world.credibility()[:, UK], [2.2 / 5, 0.3])


@covers(TRANSFER)
def test_transfer_follow_through_falls_with_its_cost():
    m = quiet_model("russia.transfer_follow_through=0.1", n=3)
    w = m.world
    w.involvement[:] = 0.0
    w.since_strike[:] = 1
    w.ladder[1, NATO] = 3  # one level above start
    w.answered_transfers[2] = 2  # the West answered two earlier transfers
    p = probability(m, TRANSFER, "russia", w)
    np.testing.assert_allclose(p, [0.1, 0.1 / 1.5, 0.1 / 2.0])  # / (1 + 0.5 x cost)


@covers("russia.assist_recipient")
def test_assist_recipient_while_a_strike_is_recent_or_a_threat_stands():
    rid = "russia.assist_recipient"
    m = quiet_model(
        "russia.assist_rate=1.0",
        "recipients.asia.russian_influence=0.0",
        "recipients.latin_america.russian_influence=0.0",
        "recipients.middle_east.tension_decay=0.0",
        n=4,
    )
    w = m.world
    w.since_strike[:] = [0, 8, NEVER, 0]  # observed 1, 9 (window 8), never and 1 weeks ago
    w.threat_open[2] = True
    w.threat_age[2] = 0
    w.ceasefire[3] = True
    m.step()
    assert rows(m) == [row(rid, "P1,P6,P7", r, "Russia", "middle_east") for r in (0, 2)]
    np.testing.assert_allclose(m.world.tension[:, G_ME], [0.65, 0.6, 0.65, 0.6])
    assert m.world.stock.sum() == 0 and m.world.transfers.sum() == 0  # a rung below


@covers("west.interdict")
def test_interdict_after_a_transfer_takes_a_share_of_the_regions_stock():
    rid = "west.interdict"
    m = quiet_model("west.US.interdiction_rate=1.0", n=3)
    w = m.world
    w.since_transfer[:] = [0, 4, 0]  # observed 1 and 5 (window 4) weeks after
    w.last_transfer_region[:] = G_AS
    w.stock[:, G_AS] = 0.5
    w.ceasefire[2] = True
    m.step()
    assert rows(m) == [row(rid, "P6,P10", 0, "US", "asia")]
    np.testing.assert_allclose(m.world.stock[:, G_AS], [0.25, 0.5, 0.5])
    assert m.world.answers.tolist() == [1, 0, 0]
    assert m.world.answered_transfers.tolist() == [1, 0, 0]
    # one interdiction by a state per transfer: none the next week, again after a new transfer
    m.step()
    assert rows(m, rid) == [row(rid, "P6,P10", 0, "US", "asia")]
    m.world.since_transfer[0] = 0
    m.world.answered[0] = False  # (what a new transfer does, world.receive_transfer)
    m.step()
    assert [r[:2] for r in rows(m, rid)] == [(0, 1), (0, 3)]
    assert m.world.answered_transfers.tolist() == [2, 0, 0]


@covers("west.sanction")
def test_sanction_after_a_transfer_counts_as_an_answer():
    rid = "west.sanction"
    m = quiet_model("west.Germany.sanction_rate=1.0", n=2)
    m.world.since_transfer[:] = [0, NEVER]
    m.world.last_transfer_region[:] = [G_ME, -1]
    m.step()
    assert rows(m) == [row(rid, "P9,P10", 0, "Germany", "middle_east")]
    assert m.world.answers.tolist() == [1, 0]


@covers("west.strike_recipient")
def test_strike_recipient_raises_the_regional_ladder_and_destroys_stock():
    rid = "west.strike_recipient"
    m = quiet_model("west.UK.recipient_strike_rate=1.0", n=2)
    w = m.world
    w.since_transfer[:] = 0
    w.last_transfer_region[:] = G_AS
    w.stock[:, G_AS] = 0.5
    m.step()
    assert rows(m) == [row(rid, "P10,P11", r, "UK", "asia", "asia", 2, 3) for r in (0, 1)]
    np.testing.assert_allclose(m.world.stock[:, G_AS], 0.25)
    assert not m.world.russian_war.any()  # a Western strike is not the recipients' war
    # restrained by escalation aversion like the state's other military moves
    m = quiet_model("west.UK.recipient_strike_rate=0.06", n=2)
    m.world.since_transfer[:] = 0
    m.world.ladder[1, NATO] = 4
    np.testing.assert_allclose(probability(m, rid, "UK", m.world), [0.06, 0.02])


@covers("west.yield_to_threat")
def test_yield_to_threat_steps_back_from_deep_permission_by_belief():
    rid = "west.yield_to_threat"
    m = quiet_model("west.US.yield_rate=1.0", n=3)
    w = m.world
    w.cred_b[:, US] = 0.0  # certain that Russia carries out its threats: belief 1
    w.permission[:, US] = [DEEP, LIMITED, DEEP]
    w.since_transfer[:] = [0, 0, NEVER]
    w.last_transfer_region[:] = G_ME
    m.step()
    assert rows(m) == [row(rid, "P1,P10", 0, "US", "middle_east")]
    assert m.world.permission[:, US].tolist() == [LIMITED, LIMITED, DEEP]
    # a revocation earlier in the same week leaves nothing to step back from
    m = quiet_model("west.US.yield_rate=1.0", "west.US.revoke_rate=1.0", n=1)
    w = m.world
    w.cred_b[:, US] = 0.0
    w.permission[:, US] = DEEP
    w.since_transfer[:] = 0
    w.last_transfer_region[:] = G_ME
    w.ladder[:, NATO] = 3  # direct confrontation: the US revokes
    m.step()
    assert [r[3] for r in rows(m) if r[2] == "US"] == ["west.revoke_deep_strikes"]
    assert m.world.permission[:, US].tolist() == [NONE]
    # x (1 + s x belief) / (1 + s x prior): at the prior, the rate itself
    m = quiet_model("west.US.yield_rate=0.2", n=2)
    m.world.permission[:, US] = DEEP
    m.world.since_transfer[:] = 0
    m.world.cred_a[1, US] += 1.0  # one threat kept: belief 2.2 / 5
    np.testing.assert_allclose(probability(m, rid, "US", m.world), [0.2, 0.2 * 1.44 / 1.3])


# -- Coverage ------------------------------------------------------------------------------
def test_every_rule_is_covered():
    ids = set(REGISTRY.ids())
    assert ids - COVERED == set(), "rules without a scripted test in this file"
    assert COVERED - ids == set(), "tests claim rules the registry does not have"
