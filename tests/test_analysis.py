"""Answers with their uncertainty: sensitivity, scenario discovery, attribution, drift checks.

Known answers, as SALib tests itself: the Sobol pipeline on the Ishigami function, a factor no
rule can feel, a planted PRIM box; the drift check's false-alarm rate over repeated seeds and
its power against a deliberate change; a zero-width uncertainty analysis that is ``run``
itself; and the attribution of a rule that never fires.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from escalation_sim import load_scenario, simulate
from escalation_sim.analysis.attribution import attribute
from escalation_sim.analysis.discovery import discover
from escalation_sim.analysis.drift import check_drift, holm, record_baseline
from escalation_sim.analysis.sensitivity import _problem, analyze, sobol_indices
from escalation_sim.analysis.uncertainty import compare_uncertain, run_uncertain
from escalation_sim.experiments import load_experiment, make_design, sweep
from escalation_sim.experiments.design import salib_problem
from escalation_sim.experiments.spec import Experiment, Uncertainty

ROOT = Path(__file__).resolve().parents[1]


def _ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_pipeline_recovers_the_ishigami_indices():
    """The design (SALib's Saltelli sample, as a sweep makes it) and the analysis (SALib's
    analyzer, as ``analyze`` calls it) with the model replaced by the Ishigami function: the
    analytic indices (a = 7, b = 0.1) lie within the 95% bootstrap intervals."""
    base = load_scenario("baseline")
    factors = tuple(
        Uncertainty(name=f"x{i}", paths=(f"x{i}",), low=-math.pi, high=math.pi) for i in (1, 2, 3)
    )
    exp = Experiment(
        name="ishigami",
        base=base,
        seed=3,
        replicates=1,
        design="sobol",
        samples=1024,
        levels=4,
        second_order=False,
        uncertainties=factors,
        levers=(),
        outcomes=(),
    )
    design = make_design(exp)
    assert design.points == 1024 * (3 + 2)
    # the analysis reads the problem back from a sweep's manifest: the same problem
    assert _problem(exp.to_dict()) == salib_problem(exp)
    got = sobol_indices(salib_problem(exp), _ishigami(design.samples), seed=1)
    a, b = 7.0, 0.1
    v = 0.5 + a**2 / 8 + b * math.pi**4 / 5 + b**2 * math.pi**8 / 18
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    s1 = np.array([v1 / v, v2 / v, 0.0])
    st = np.array([(v1 + v13) / v, v2 / v, v13 / v])
    assert (np.abs(got["S1"] - s1) <= got["S1_conf"]).all(), got
    assert (np.abs(got["ST"] - st) <= got["ST_conf"]).all(), got


@pytest.fixture(scope="module")
def no_trainers(tmp_path_factory):
    """A base where no Western state ever sends trainers, so that Russia's targeting of
    trainers can change nothing, and experiments over it."""
    d = tmp_path_factory.mktemp("exp")
    states = "".join(
        f"[west.{s}]\ntrainer_deploy_rate = 0.0\n\n" for s in ("US", "UK", "France", "Germany")
    )
    (d / "base.toml").write_text(
        f'extends = "deep_strikes_permitted"\nname = "no_trainers"\n\n{states}'
    )
    body = """
base = "base.toml"
seed = 11
replicates = 20
outcomes = ["direct_confrontation", "regional_war", "escalation_score"]
[[uncertainties]]
path = "russia.trainer_targeting"
[[uncertainties]]
path = "russia.transfer_follow_through"
[[uncertainties]]
path = "russia.direct_action_rate"
"""
    (d / "morris.toml").write_text(
        'name = "m"\n' + body + '[design]\nkind = "morris"\nsamples = 10\n'
    )
    (d / "sobol.toml").write_text(
        'name = "s"\n' + body + '[design]\nkind = "sobol"\nsamples = 64\n'
    )
    return d


def test_a_factor_no_rule_can_feel_has_no_effect(no_trainers, tmp_path):
    m = analyze(
        sweep(load_experiment(no_trainers / "morris.toml"), tmp_path / "m"),
        ("direct_confrontation", "regional_war"),
    )
    dead = m.morris[m.morris["factor"] == "russia.trainer_targeting"]
    assert (dead["mu_star"] == 0).all() and (dead["sigma"] == 0).all()  # exactly: same draws
    alive = m.morris[m.morris["factor"] == "russia.transfer_follow_through"]
    assert (alive["mu_star"] > 0).all()
    s = analyze(
        sweep(load_experiment(no_trainers / "sobol.toml"), tmp_path / "s"),
        ("direct_confrontation", "regional_war"),
    )
    dead = s.sobol[s.sobol["factor"] == "russia.trainer_targeting"]
    assert (dead["ST"].abs() <= dead["ST_conf"]).all(), dead


def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(4)
    n = 2000
    x = pd.DataFrame(
        {
            "a": rng.uniform(0, 1, n),
            "b": rng.uniform(0, 1, n),
            "c": rng.uniform(0, 1, n),
            "policy": rng.choice(["never", "week_4", "week_26"], n),
        }
    )
    inside = (x["a"] > 0.5) & (x["b"] < 0.4) & (x["policy"] == "week_4")
    y = np.where(inside, rng.uniform(0.5, 0.9, n), rng.uniform(0.0, 0.3, n))
    d = discover(x, y, threshold=0.4, outcome="planted")
    assert d.cases == int(inside.sum())
    lim = d.limits.set_index("factor")
    assert set(lim.index) == {"a", "b", "policy"}  # c, unrelated, is not restricted
    assert lim.loc["a", "min"] == pytest.approx(0.5, abs=0.05)
    assert lim.loc["b", "max"] == pytest.approx(0.4, abs=0.05)
    assert lim.loc["policy", "box"] == "week_4"
    assert d.density >= 0.9 and d.coverage >= 0.8
    assert not d.cart.empty


def test_zero_width_uncertainty_is_run_itself():
    sc = load_scenario("french_trainers")
    z = run_uncertain(sc, sets=4, replicates=200, seed=5, width=0.0)
    assert z.values.shape[1] == 0
    alone = simulate(sc, 200, 5, events=False, trajectories=False).outcomes
    cols = list(alone.columns)
    pd.testing.assert_frame_equal(z.runs[cols], alone[cols])
    s = z.summary().set_index("measure")
    p = (alone["outcome"] == "direct_confrontation").mean()
    assert s.loc["direct_confrontation", "p"] == p


def test_uncertainty_band_holds_the_sets_and_a_scenarios_premise_stays():
    sc = load_scenario("worst_case")
    u = run_uncertain(sc, sets=10, replicates=200, seed=2)
    assert "russia.transfer_follow_through" not in u.values.columns  # worst_case sets it
    s = u.summary().set_index("measure").loc["direct_confrontation"]
    per = u.per_set["direct_confrontation"]
    assert s["band_low"] <= per.median() <= s["band_high"]
    assert s["ci_low"] <= s["p"] <= s["ci_high"]
    table = compare_uncertain(
        load_scenario("deep_strikes_permitted"),
        load_scenario("baseline"),
        sets=10,
        replicates=200,
        seed=2,
    ).set_index("measure")
    first = table.loc["first_deep_strike"]
    assert first["share_higher"] == 1.0  # permission from week 1 always raises deep strikes
    shares = table[["share_higher", "share_lower", "share_equal"]].sum(axis=1)
    assert np.allclose(shares, 1.0)


def test_attribution_of_a_rule_that_never_fires_is_exactly_zero():
    res = attribute(load_scenario("baseline"), "scenario.transfer_long_range", 300, seed=3)
    assert res.fired == 0
    assert (res.table["attributable"] == 0).all()
    assert (res.table[["prevented_without", "only_without"]] == 0).all().all()
    strike = attribute(load_scenario("french_trainers"), "russia.strike_trainers", 1000, 3)
    row = strike.table.set_index("outcome").loc["direct_confrontation"]
    assert strike.fired > 0 and row["ci_low"] > 0
    assert row["attributable"] == pytest.approx(
        (row["prevented_without"] - row["only_without"]) / 1000
    )


def test_holm_adjusts_as_published():
    # Holm's example: p = 0.01, 0.04, 0.03, 0.005 -> 0.03, 0.06, 0.06, 0.02
    np.testing.assert_allclose(holm(np.array([0.01, 0.04, 0.03, 0.005])), [0.03, 0.06, 0.06, 0.02])


@pytest.mark.slow
def test_check_keeps_its_false_alarm_rate_and_catches_a_small_change(monkeypatch):
    exp = load_experiment("ci_smoke", replicates=20)
    base = record_baseline(exp)
    checks = 25
    alarms = sum(check_drift(exp, base, seed=s).drifted for s in range(1, checks + 1))
    # at most alpha = 5% per check (Holm, family-wise): P(>= 5 of 25 | 5%) < 1%
    assert alarms <= 4, alarms
    from escalation_sim.scenarios.schema import ScenarioParams
    from escalation_sim.scenarios.sections import UkraineParams

    field = UkraineParams.model_fields["deep_strike_rate"]
    bigger = load_experiment("ci_smoke", replicates=100)
    base = record_baseline(bigger)
    monkeypatch.setattr(field, "default", field.default * 1.25)  # a 25% larger default
    UkraineParams.model_rebuild(force=True)
    ScenarioParams.model_rebuild(force=True)
    try:
        changed = load_experiment("ci_smoke", replicates=100)
        assert changed.key == bigger.key  # the same experiment, another model
        report = check_drift(changed, base)
        assert report.drifted, report.table
    finally:
        monkeypatch.undo()
        UkraineParams.model_rebuild(force=True)
        ScenarioParams.model_rebuild(force=True)


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "escalation_sim", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_analyze_writes_a_report_with_every_plot(tmp_path):
    out = tmp_path / "s"
    assert (
        _cli(
            "sweep", "sobol_main", "--samples", "32", "--replicates", "5", "--out", str(out), "-q"
        ).returncode
        == 0
    )
    p = _cli("analyze", str(out))
    assert p.returncode == 0, p.stderr
    files = {f.name for f in (out / "analysis").iterdir()}
    for name in (
        "sobol.png",
        "tornado.png",
        "prim_tradeoff_direct_confrontation.png",
        "prim_box_direct_confrontation.png",
        "report.html",
        "report.md",
        "sobol.parquet",
    ):
        assert name in files, name
    html = (out / "analysis" / "report.html").read_text()
    assert html.count("<img") == sum(f.endswith(".png") for f in files)
    assert "Sobol" in p.stdout and "PRIM box" in p.stdout


def test_check_cli_exit_codes_and_ci_files(tmp_path):
    baseline = tmp_path / "b.json"
    assert (
        _cli("check", "ci_smoke", "--baseline", str(baseline), "--update-baseline").returncode == 0
    )
    p = _cli(
        "check",
        "ci_smoke",
        "--baseline",
        str(baseline),
        "--junit",
        str(tmp_path / "ci" / "j.xml"),
        "--summary",
        str(tmp_path / "out" / "s.md"),
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "<testsuite" in (tmp_path / "ci" / "j.xml").read_text()
    assert "| outcome |" in (tmp_path / "out" / "s.md").read_text()
    p = _cli("check", "ci_smoke", "--baseline", str(tmp_path / "missing.json"))
    assert p.returncode == 2 and "missing.json" in p.stderr and "Traceback" not in p.stderr
    p = _cli("check", "levers_grid", "--baseline", str(baseline))
    assert p.returncode == 2 and "experiment" in p.stderr
