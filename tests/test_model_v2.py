"""Model v2, part 1: outcomes that count every level reached, semantics that say what happened,
co-belligerence as a perception, and metamorphic relations under common random numbers.

Metamorphic relations compare two ensembles with the same seed: every draw is addressed by
(seed, replicate, week, rule, actor), so both ensembles see the same uniforms. Where a parameter
enters one rule only, the two runs of a replicate are identical until that rule first fires in
the run with the higher rate, so the first week of its act can only come earlier - per replicate,
not just on average. Those relations are checked replicate by replicate (no tolerance needed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from escalation_sim import EscalationModel, load_scenario, simulate
from escalation_sim.analysis.explain import class_overview, explain
from escalation_sim.analysis.summary import summarize
from escalation_sim.core.theatres import REGIONS, Theatre
from escalation_sim.engine.outcomes import path_labels
from escalation_sim.formatting import percent
from escalation_sim.rules import REGISTRY

from .test_rules import FR, QUIET, rows

NATO = Theatre.NATO
N = 2000  # replicates of the scenario-level checks


def run(name: str, *overrides: str, n: int = N, seed: int = 5, events: bool = False):
    scenario = load_scenario(name, list(overrides))
    return simulate(scenario, n, seed, events=events, trajectories=False)


def weeks(result, column: str) -> np.ndarray:
    """First week of a key event per replicate, +inf where it never happened."""
    return result.outcomes[column].to_numpy(dtype=float, na_value=np.inf)


# -- 1. every level reached counts ----------------------------------------------------------
def test_a_clash_undone_by_the_same_weeks_decay_is_still_a_direct_confrontation():
    """Russia strikes France's trainers (Russia-NATO 2 -> 3) and the week's de-escalation takes
    the ladder back to 2: the run is a direct confrontation, by that strike, and the Western
    triggers (withdrawal, revocation) see it the following week."""
    m = EscalationModel(
        load_scenario(
            "baseline",
            [
                *QUIET,
                "russia.trainer_targeting=1.0",
                "ladders.decay_nato=1.0",
                "west.France.trainer_withdraw_rate=1.0",
                "west.France.recent_strike_weeks=1",
                "west.France.trainers_deployed=true",
            ],
        ),
        replicates=2,
        seed=0,
    )
    m.world.trainers[1, FR] = False  # replicate 1: nothing to strike
    m.step()
    got = [r[:8] for r in rows(m) if r[3] in ("russia.strike_trainers", "world.ladder_decay")]
    assert got == [
        (0, 1, "Russia", "russia.strike_trainers", "France", "nato", 2, 3),
        (0, 1, "World", "world.ladder_decay", None, "nato", 3, 2),
    ]
    assert m.world.ladder[:, NATO].tolist() == [2, 2]  # the end-of-week ladder shows nothing
    frame = m.tracker.frame(m.world, m.replicate_ids)
    assert frame["outcome"].tolist()[0] == "direct_confrontation"
    assert frame["outcome"].tolist()[1] != "direct_confrontation"
    assert frame["direct_confrontation_week"].tolist()[0] == 1
    assert frame["direct_path"].tolist()[0] == "russia.strike_trainers"
    assert pd.isna(frame["direct_path"].tolist()[1])
    # next week France withdraws: the clash it reads is last week's peak (recent_strike 1 week
    # has passed, so only the confrontation can trigger it)
    m.world.trainers_struck[0, FR] = 5
    m.step()
    assert [r[:4] for r in rows(m, "west.withdraw_trainers")] == [
        (0, 2, "France", "west.withdraw_trainers")
    ]


def test_outcome_counts_the_peak_not_the_end_of_week_level_in_an_ensemble():
    """Across an ensemble, every replicate whose Russia-NATO peak reached the level is a
    direct confrontation; before the fix some were classed by their end-of-week level."""
    r = run("french_trainers")
    o = r.outcomes
    reached = o["peak_nato"] >= 3
    assert ((o["outcome"] == "direct_confrontation") == reached).all()
    assert reached.sum() > 0


# -- 2. a delivery is not violence ----------------------------------------------------------
def test_no_provocation_no_regional_war_whatever_the_transfers():
    off = [f"recipients.{g}.provocation_rate=0.0" for g in REGIONS]
    r = run("asymmetric_response", *off, "russia.transfer_follow_through=0.5")
    o = r.outcomes
    assert (o["transfers_total"] > 0).mean() > 0.9  # plenty of deliveries
    assert (o["outcome"] == "regional_war").sum() == 0
    assert o["regional_war_week"].isna().all()
    # deliveries move no regional ladder: with the West's strikes on recipients off as well,
    # every region stays at its start level in every week of every run
    strikes = [f"west.{s}.recipient_strike_rate=0.0" for s in ("US", "UK", "France", "Germany")]
    r = simulate(load_scenario("asymmetric_response", [*off, *strikes]), 300, 5, events=False)
    start = load_scenario("baseline").params.recipients
    for g in REGIONS:
        assert (r.trajectories[f"ladder_{g}"] == start[g].initial_level).all(), g


def test_regional_ladders_stop_below_the_nuclear_brink():
    r = run("worst_case", *[f"recipients.{g}.provocation_rate=1.0" for g in REGIONS], n=200)
    assert r.outcomes["peak_regional"].max() == 5


# -- 3. background vs Russia-attributable regional war --------------------------------------
def test_background_war_is_reported_apart_from_a_regional_war_with_russian_weapons():
    r = run("deep_strikes_permitted")
    o = r.outcomes
    # the Middle East's standing war (Gaza, the Red Sea) is not news: no background war at
    # week 0; a new one is a region that started below war level reaching it without Russian
    # weapons
    assert not (o["background_war_week"] == 0).any()
    war = o["outcome"] == "regional_war"
    assert 0 < war.mean() < 0.5
    # every regional war of the outcome class came after a transfer to its region
    assert (o.loc[war, "first_transfer_week"] <= o.loc[war, "regional_war_week"]).all()
    summary = {e.column: e for e in summarize(r).events}
    assert summary["regional_war_week"].by_horizon.p == pytest.approx(
        o["regional_war_week"].notna().mean()
    )
    # background wars happen where a region's own acts (or Western strikes) take it to war
    hot = run(
        "baseline",
        "recipients.asia.provocation_rate=1.0",
        "recipients.asia.hostility=1.0",
        "recipients.asia.initial_tension=1.0",
        n=300,
    )
    bg = hot.outcomes["background_war_week"]
    assert bg.notna().mean() > 0.5 and (bg.dropna() > 0).all()
    assert hot.outcomes["regional_war_week"].notna().mean() < bg.notna().mean()


# -- 4. direct confrontation by path -------------------------------------------------------
@pytest.mark.parametrize("name", ["french_trainers", "worst_case"])
def test_paths_sum_exactly_to_the_direct_confrontation_share(name):
    r = run(name, events=True, n=400)
    o = r.outcomes
    dc = o["outcome"] == "direct_confrontation"
    assert o.loc[dc, "direct_path"].notna().all()
    assert o.loc[~dc, "direct_path"].isna().all()
    # summary: the path rows follow their class and sum to it
    s = summarize(r)
    head = next(x for x in s.outcomes if x.outcome == "direct_confrontation" and x.part is None)
    parts = [x for x in s.outcomes if x.path is not None]
    assert parts and sum(x.count for x in parts) == head.count
    assert sum(x.share.p for x in parts) == pytest.approx(head.share.p, abs=1e-12)
    assert {x.path_label for x in parts} <= set(path_labels().values())
    # explain: the class overview gives the same split
    line = class_overview(o, "direct_confrontation")
    assert line.startswith(f"direct confrontation in {head.count} of 400 replicates")
    for x in parts:
        assert f"by {x.path_label} {percent(x.share.p)}" in line
    # ... and a replicate's explanation names its path, which its event log shows
    rep = int(o.loc[dc, "replicate"].iloc[0])
    path = o.loc[o["replicate"] == rep, "direct_path"].iloc[0]
    text = "\n".join(explain(r, rep))
    assert f"by {path_labels()[path]} ({path})" in text
    ev = r.replicate_events(rep)
    first = ev[(ev["theatre"] == "nato") & (ev["level_after"] >= 3) & (ev["level_before"] < 3)]
    assert first["rule"].iloc[0] == path


def test_the_paths_are_the_four_named_in_the_issue():
    paths = {REGISTRY[r].path_label for r in REGISTRY.ids() if REGISTRY[r].path}
    assert paths == {
        "strike on Western trainers",
        "Russian direct act",
        "regional spillover",
        "Western retaliation",
    }


# -- 5. co-belligerence is a perception, not a clock ----------------------------------------
def test_trainers_do_not_make_cobelligerence_a_clock():
    o = run("french_trainers").outcomes
    w = o["cobelligerence_week"].dropna()
    assert 0.05 < len(w) / N < 0.95  # some worlds cross, others never do
    # before: 518 of 2,000 runs crossed at exactly week 30; now no week holds 5% of the runs
    assert w.value_counts().max() < 0.05 * N
    assert w.nunique() > 20


def test_the_cobelligerent_stance_can_lapse_when_trainers_leave():
    m = EscalationModel(
        load_scenario(
            "french_trainers",
            [
                "russia.cobelligerence_rate=1.0",
                "russia.cobelligerence_lapse_rate=0.2",
                "russia.trainer_involvement=0.6",
                'events=[{week=4, actor="France", action="deploy_trainers"},'
                ' {week=30, actor="France", action="withdraw_trainers"}]',
                "west.France.trainer_deploy_rate=0.0",
            ],
        ),
        replicates=200,
        seed=2,
    )
    m.run()
    log = m.log.frame(m.replicate_ids)
    treated = set(log.loc[log["rule"] == "russia.treat_as_cobelligerent", "replicate"])
    lapsed = set(log.loc[log["rule"] == "russia.lapse_cobelligerence", "replicate"])
    assert len(treated) > 100
    assert len(lapsed & treated) > 20  # perception fell after the withdrawal; stance lapsed


# -- metamorphic relations under common random numbers --------------------------------------
def _earlier_or_same(low, high, column: str) -> None:
    a, b = weeks(low, column), weeks(high, column)
    assert (b <= a).all(), f"{column}: higher rate made it later in {np.sum(b > a)} replicates"
    assert (b < a).any(), "the relation must be able to fail: no replicate changed"


@pytest.mark.parametrize(
    ("name", "param", "low", "high", "column"),
    [
        (
            "deep_strikes_permitted",
            "russia.transfer_follow_through",
            0.02,
            0.06,
            "first_transfer_week",
        ),
        ("french_trainers", "russia.trainer_targeting", 0.01, 0.03, "trainers_struck_week"),
        ("baseline", "mediation.effort", 0.2, 0.6, "ceasefire_week"),
    ],
)
def test_raising_a_rate_never_delays_its_act(name, param, low, high, column):
    a = run(name, f"{param}={low}")
    b = run(name, f"{param}={high}")
    _earlier_or_same(a, b, column)
    assert b.outcomes[column].notna().mean() > a.outcomes[column].notna().mean()


def test_raising_direct_action_rate_never_delays_a_direct_act():
    """The same relation read from the event log: the first week of Russia's direct act."""

    def first_act(rate: float) -> np.ndarray:
        r = run("deep_strikes_permitted", f"russia.direct_action_rate={rate}", n=600, events=True)
        ev = r.events
        first = ev[ev["rule"] == "russia.direct_action"].groupby("replicate")["week"].min()
        return first.reindex(range(600)).to_numpy(dtype=float, na_value=np.inf)

    low, high = first_act(0.02), first_act(0.08)
    assert (high <= low).all()
    assert (high < low).any()
