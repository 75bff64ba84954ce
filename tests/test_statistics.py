"""Stochastic claims, tested statistically with fixed seeds and stated tolerances.

Analytic checks: where a rule reduces to a constant weekly hazard h, the probability that it has
fired by week T is 1 - (1 - h)^T; the ensemble estimate must lie within 4 standard errors of it
(a false alarm rate of about 6e-5 per check). Scenario claims compare scenarios under common
random numbers and require Newcombe's paired 95% interval to exclude zero, plus a minimum size.
"""

from __future__ import annotations

import numpy as np
import pytest

from escalation_sim import load_scenario, simulate
from escalation_sim.analysis.compare import compare
from escalation_sim.analysis.stats import paired_difference

N = 4000
SEED = 20241001

QUIET_WORLD = [
    # switch off every rule that would interfere with the one under test
    "west.US.permission_rate=0.0",
    "west.UK.permission_rate=0.0",
    "west.France.permission_rate=0.0",
    "west.Germany.permission_rate=0.0",
    "west.France.trainer_deploy_rate=0.0",
    "recipients.middle_east.provocation_rate=0.0",
    "recipients.asia.provocation_rate=0.0",
    "recipients.latin_america.provocation_rate=0.0",
    "mediation.success_rate=0.0",
    "russia.cobelligerence_threshold=1.0",
    "russia.initial_involvement=0.0",
]


def within_4se(estimate: float, truth: float, n: int) -> bool:
    se = np.sqrt(truth * (1 - truth) / n)
    return abs(estimate - truth) <= 4 * se


def test_ceasefire_hazard_matches_geometric_law():
    h = 0.02  # success_rate x effort with no entrenchment and no escalation
    sc = load_scenario(
        "baseline",
        [
            *[o for o in QUIET_WORLD if "success_rate" not in o],
            "mediation.success_rate=0.04",
            "mediation.effort=0.5",
            "mediation.initial_entrenchment=0.0",
            "mediation.entrenchment_rate=0.0",
            "horizon_weeks=30",
        ],
    )
    r = simulate(sc, replicates=20000, seed=SEED, events=False, trajectories=False)
    got = r.outcomes["ceasefire_week"].notna().mean()
    truth = 1 - (1 - h) ** 30
    assert within_4se(got, truth, 20000), (got, truth)
    # first-ceasefire week is geometric: mean of the conditional law over 1..30
    weeks = r.outcomes["ceasefire_week"].dropna().to_numpy(float)
    t = np.arange(1, 31)
    pmf = h * (1 - h) ** (t - 1)
    mean = (t * pmf).sum() / pmf.sum()
    sd = np.sqrt(((t - mean) ** 2 * pmf).sum() / pmf.sum())
    assert abs(weeks.mean() - mean) <= 4 * sd / np.sqrt(weeks.size)


def test_strike_on_scheduled_trainers_matches_geometric_law():
    h = 0.05
    sc = load_scenario(
        "french_trainers", [*QUIET_WORLD, f"russia.trainer_targeting={h}", "horizon_weeks=24"]
    )
    r = simulate(sc, replicates=20000, seed=SEED, events=False, trajectories=False)
    exposure = 24 - 4 + 1  # deployed at the start of week 4, exposed weeks 4..24
    truth = 1 - (1 - h) ** exposure
    got = r.outcomes["trainers_struck_week"].notna().mean()
    assert within_4se(got, truth, 20000), (got, truth)


@pytest.fixture(scope="module")
def crn():
    names = [
        "baseline",
        "deep_strikes_permitted",
        "french_trainers",
        "mediation_push",
        "asymmetric_response",
        "training_delays",
    ]
    return {n: simulate(n, replicates=N, seed=SEED, events=False) for n in names}


def diff(crn, a: str, b: str, column: str, within: int | None = None):
    """P(b) - P(a) of an event column (by week ``within`` if given) with Newcombe's CI."""

    def ind(name):
        w = crn[name].outcomes.sort_values("replicate")[column].to_numpy(float, na_value=np.nan)
        return (w <= within) if within else ~np.isnan(w)

    return paired_difference(ind(b), ind(a))


def test_deep_strikes_raise_transfer_probability_within_six_months(crn):
    d, lo, hi = diff(crn, "baseline", "deep_strikes_permitted", "first_transfer_week", 26)
    assert lo > 0.0 and d > 0.3, (d, lo, hi)


def test_deep_strikes_raise_regional_war_probability(crn):
    d, lo, _ = diff(crn, "baseline", "deep_strikes_permitted", "regional_war_week")
    assert lo > 0.0 and d > 0.05


def test_french_trainers_raise_direct_confrontation_risk(crn):
    d, lo, _ = diff(crn, "baseline", "french_trainers", "direct_confrontation_week")
    assert lo > 0.0 and d > 0.2
    d, lo, _ = diff(crn, "baseline", "french_trainers", "trainers_struck_week")
    assert lo > 0.0


def test_mediation_push_raises_ceasefire_probability(crn):
    d, lo, _ = diff(crn, "baseline", "mediation_push", "ceasefire_week")
    assert lo > 0.0 and d > 0.1


def test_credible_threat_raises_transfers_over_permission_alone(crn):
    _d, lo, _ = diff(
        crn, "deep_strikes_permitted", "asymmetric_response", "first_transfer_week", 13
    )
    assert lo > 0.0


def test_training_delays_slow_ukrainian_capability(crn):
    def cap(name, week=26):
        t = crn[name].trajectories
        return t.loc[t["week"] == week, "capability"].mean()

    assert cap("training_delays") < cap("baseline") - 0.05


def test_common_random_numbers_make_comparisons_sharper(crn):
    """With CRN the paired interval is narrower than an unpaired (independent-seed) one."""
    a = crn["baseline"].outcomes["first_transfer_week"].notna().to_numpy()
    b = crn["deep_strikes_permitted"].outcomes["first_transfer_week"].notna().to_numpy()
    _, lo, hi = paired_difference(b, a)
    p1, p2 = b.mean(), a.mean()
    unpaired_half = 1.96 * np.sqrt(p1 * (1 - p1) / N + p2 * (1 - p2) / N)
    assert (hi - lo) / 2 < unpaired_half


def test_paired_interval_covers_a_known_difference_at_its_nominal_rate():
    """Newcombe's paired interval, on correlated pairs with a known difference, covers it in
    about 95% of 2,000 trials: the coverage must lie within 4 binomial standard errors."""
    rng = np.random.default_rng(12345)
    trials, n = 2000, 400
    # joint law of (a, b): P(1,1)=.10, P(1,0)=.08, P(0,1)=.04, P(0,0)=.78 -> P(a)-P(b) = 0.04
    cells = rng.choice(4, size=(trials, n), p=[0.10, 0.08, 0.04, 0.78])
    a = (cells == 0) | (cells == 1)
    b = (cells == 0) | (cells == 2)
    covered = 0
    for t in range(trials):
        _, lo, hi = paired_difference(a[t], b[t])
        covered += lo <= 0.04 <= hi
    se = np.sqrt(0.95 * 0.05 / trials)
    assert abs(covered / trials - 0.95) <= 4 * se, covered / trials


def test_a_vs_a_is_never_significant(crn):
    """The CLI contract: a scenario compared with itself (identical runs under common random
    numbers) flags nothing. The false-alarm rate itself is checked by the coverage test."""
    r = crn["baseline"]
    table = compare([r, r])
    assert not table["significant"].any()
    assert (table["difference"] == 0).all()


def test_same_scenario_two_seeds_agree_within_intervals():
    """Independent ensembles of one scenario: no measure differs by more than 4 SE."""
    a = simulate("baseline", replicates=N, seed=1, events=False, trajectories=False)
    b = simulate("baseline", replicates=N, seed=2, events=False, trajectories=False)

    def shares(result):
        t = result.outcome_probabilities()
        return t.set_index(t["outcome"] + ":" + t["region"].fillna(t["path"]).fillna(""))["p"]

    pa, pb = shares(a), shares(b)
    for k in pa.index:
        p = (pa[k] + pb[k]) / 2
        se = np.sqrt(2 * p * (1 - p) / N) if 0 < p < 1 else 0.0
        assert abs(pa[k] - pb[k]) <= 4 * se + 1e-12, k
