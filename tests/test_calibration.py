"""Model v2, part 2: the record the defaults are calibrated on, and the metamorphic relations of
the threat-credibility loop and graded permission.

The pattern tests run the calibration scenario at a seed other than the calibration grid's (7),
so that they check the calibrated defaults, not one lucky draw. Tolerances are the patterns'
own ranges (``escalation_sim.analysis.patterns.PATTERNS``).
"""

from __future__ import annotations

import numpy as np
import pytest

from escalation_sim import EscalationModel, load_scenario, simulate
from escalation_sim.analysis.patterns import KNOBS, PATTERNS, SCENARIO, evaluate
from escalation_sim.core.world import DEEP, LIMITED, NONE
from escalation_sim.rules import REGISTRY
from escalation_sim.scenarios.schema import ScenarioParams

from .test_rules import QUIET, UK, probability

N, SEED = 1000, 11


@pytest.fixture(scope="module")
def record():
    return simulate(SCENARIO, N, SEED, events=False, trajectories=False)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.key)
def test_the_calibrated_model_reproduces_the_record(record, pattern):
    value, holds = pattern.check(record.outcomes)
    assert holds, (
        f"{pattern.key}: {pattern.statistic} = {value:.3f}, not in [{pattern.low}, {pattern.high}]"
    )


def test_evaluate_reports_every_pattern_and_can_fail(record):
    table = evaluate(record.outcomes)
    assert table["pattern"].tolist() == [p.key for p in PATTERNS]
    assert table["holds"].all()
    # the uncalibrated priors of every knob break the record: the patterns can fail
    priors = [o for k in KNOBS for o in k.overrides(1.0)]
    before = simulate(load_scenario(SCENARIO, priors), 400, SEED, events=False, trajectories=False)
    failed = set(evaluate(before.outcomes).query("not holds")["pattern"])
    assert {"no_transfer", "no_deep_permission", "no_ceasefire", "no_trainers"} <= failed


def test_calibrated_defaults_are_the_chosen_multipliers_of_the_priors():
    """The defaults in the schema are what docs/model.md says the calibration chose."""
    chosen = {
        "deep permission": 0.05,
        "limited permission": 0.03,
        "French trainers": 0.25,
        "mediation success": 0.25,
    }
    p = ScenarioParams(name="x")
    for knob in KNOBS:
        for path, prior in zip(knob.paths, knob.prior, strict=True):
            section, *rest = path.split(".")
            obj = getattr(p, section)
            if section == "west":
                obj = obj[rest.pop(0)]
            assert getattr(obj, rest[0]) == pytest.approx(prior * chosen[knob.name]), path


# -- the threat and its credibility ----------------------------------------------------------
def _permit_p(m, world) -> np.ndarray:
    return probability(m, "west.permit_deep_strikes", "UK", world)


def test_an_unfulfilled_threat_lowers_belief_and_raises_the_permission_hazard():
    m = EscalationModel(load_scenario("baseline", [*QUIET, "west.UK.permission_rate=0.01"]), 1)
    w = m.world
    w.threat_open[0] = True
    w.threat_age[0] = 11  # observed 12: the window ends this week
    before_belief, before_p = w.credibility()[0, UK], _permit_p(m, w)[0]
    m.step()
    assert m.world.credibility()[0, UK] < before_belief
    assert _permit_p(m, m.world)[0] > before_p


def test_a_kept_threat_raises_belief_and_lowers_the_permission_hazard():
    m = EscalationModel(
        load_scenario(
            "baseline",
            [*QUIET, "west.UK.permission_rate=0.01", "russia.transfer_follow_through=1.0"],
        ),
        1,
    )
    w = m.world
    w.threat_open[0] = True
    w.threat_age[0] = 2
    w.since_strike[0] = 0
    before_belief, before_p = w.credibility()[0, UK], _permit_p(m, w)[0]
    m.step()
    assert m.world.threats_kept[0] == 1
    assert m.world.credibility()[0, UK] > before_belief
    assert _permit_p(m, m.world)[0] < before_p


def test_lapsed_threats_raise_western_permissions_in_an_ensemble():
    """Replaying the record with transfers impossible (follow-through 0), every threat lapses:
    the West grows bolder, so more deep permissions come than with no threats at all.
    Common random numbers, a paired sign test at a fixed seed (n = 2,000)."""
    states = ("US", "UK", "France", "Germany")
    common = [
        "russia.transfer_follow_through=0.0",
        "russia.assist_rate=0.0",
        *(f"west.{s}.credibility_sensitivity=3.0" for s in states),
        *(f"west.{s}.permission_rate=0.001" for s in states),
    ]
    n = 2000
    a, b = (
        simulate(
            load_scenario(
                SCENARIO,
                [*common, f"russia.threat_rate={rate}", f"russia.threat_at_start={start}"],
            ),
            n,
            3,
            events=False,
            trajectories=False,
        ).outcomes
        for rate, start in ((0.0, "false"), (0.9, "true"))
    )
    assert a["threats_issued"].sum() == 0 and b["threats_issued"].mean() > 3
    assert b["threats_kept"].sum() == 0
    # paired by replicate (common random numbers): runs permitted only with the threats against
    # runs permitted only without them; sign test z > 3
    ya, yb = a["first_permission_week"].notna(), b["first_permission_week"].notna()
    only_b, only_a = int((yb & ~ya).sum()), int((ya & ~yb).sum())
    z = (only_b - only_a) / np.sqrt(only_b + only_a)
    assert yb.mean() > ya.mean() and z > 3, (ya.mean(), yb.mean(), only_b, only_a, z)


def test_with_credibility_sensitivity_zero_the_west_acts_as_without_the_loop():
    """Common random numbers: with sensitivity 0 everywhere, threats (which then only move the
    belief) leave every Western act of every replicate where it was - the record replayed with
    threats and without any."""
    states = ("US", "UK", "France", "Germany")
    base = [
        *(f"west.{s}.credibility_sensitivity=0.0" for s in states),
        *(f"west.{s}.permission_rate=0.001" for s in states),
        "russia.assist_rate=0.0",
    ]
    runs = []
    for rate, start in ((0.0, "false"), (0.9, "true")):
        scenario = load_scenario(
            SCENARIO, [*base, f"russia.threat_rate={rate}", f"russia.threat_at_start={start}"]
        )
        r = simulate(scenario, 300, 4, trajectories=False)
        ev = r.events
        acts = ev[ev["rule"].str.startswith("west.") & (ev["actor"] != "World")]  # the states'
        cols = ["replicate", "week", "rule", "actor"]
        runs.append((acts[cols].astype(str).to_numpy().tolist(), r.outcomes))
    (a, oa), (b, ob) = runs
    assert oa["threats_issued"].sum() == 0 and ob["threats_issued"].mean() > 3
    assert len(a) > 100
    assert a == b  # every act, in order (compared as text: the logs' categories differ)


# -- graded permission -------------------------------------------------------------------------
def _start(level: int) -> list[str]:
    flags = {NONE: ("false", "false"), LIMITED: ("true", "false"), DEEP: ("true", "true")}[level]
    out = []
    for s in ("US", "UK", "France", "Germany"):
        out += [
            f"west.{s}.limited_permission={flags[0]}",
            f"west.{s}.permits_deep_strikes={flags[1]}",
        ]
    return out


def test_graded_permission_is_monotone_in_deep_strikes_and_attribution():
    res = {}
    for level in (NONE, LIMITED, DEEP):
        res[level] = simulate(load_scenario("baseline", _start(level)), 1000, 9)
    deep = {lv: r.outcomes["first_deep_strike_week"].notna().mean() for lv, r in res.items()}
    assert deep[DEEP] > 0.9
    # common random numbers: a limited permission moves deep strikes only through knock-on
    # effects (more attribution, more hostility); tolerance one replicate in a hundred
    assert deep[DEEP] >= deep[LIMITED] >= deep[NONE] - 0.01, deep
    inv = {lv: r.trajectories.query("week == 26")["involvement"].mean() for lv, r in res.items()}
    assert inv[DEEP] > inv[LIMITED] > inv[NONE]
    # border strikes happen only with a limited or deep permission: starting from none, only
    # in replicates where a state granted one
    ev = {lv: r.events for lv, r in res.items()}
    border = {
        lv: set(e.loc[e["rule"] == "ukraine.border_strike", "replicate"]) for lv, e in ev.items()
    }
    granted = set(ev[NONE].loc[ev[NONE]["rule"].str.startswith("west.permit_"), "replicate"])
    assert border[NONE] <= granted
    assert len(border[NONE]) < len(border[LIMITED]) / 5


def test_the_new_rules_cite_the_article():
    for rid in (
        "west.permit_limited_strikes",
        "ukraine.border_strike",
        "russia.issue_threat",
        "russia.assist_recipient",
        "west.weigh_credibility",
        "west.interdict",
        "west.sanction",
        "west.strike_recipient",
        "west.yield_to_threat",
    ):
        assert REGISTRY[rid].paragraphs
