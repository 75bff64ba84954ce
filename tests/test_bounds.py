"""In-range parameters never crash or overflow (issue 13, point 6): every recorded series and
every outcome stays finite and within its range for any valid scenario, up to the longest
horizon."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from escalation_sim import ScenarioError, load_scenario, simulate
from escalation_sim.core.world import NEVER, World
from escalation_sim.engine.recording import SERIES, DistributionRecorder
from escalation_sim.scenarios.fields import is_former_constant
from escalation_sim.scenarios.loader import Scenario
from escalation_sim.scenarios.schema import ArmsRaceParams, ScenarioParams

#: Richardson's unstable extreme: each side matches the other's armament in full, no restraint
EXPLOSIVE = [
    "arms_race.reactivity_russia=1.0",
    "arms_race.reactivity_west=1.0",
    "arms_race.fatigue_russia=0.0",
    "arms_race.fatigue_west=0.0",
]


def _bounds(info) -> tuple:
    """The tightest ``ge``/``le`` of a pydantic field (a ``Level`` carries its own as well)."""
    ge = max(m.ge for m in info.metadata if hasattr(m, "ge"))
    le = min(m.le for m in info.metadata if hasattr(m, "le"))
    return ge, le


MAX_WEEKS = _bounds(ScenarioParams.model_fields["horizon_weeks"])[1]


def assert_finite_and_in_range(result):
    """Every recorded series within its range (armament within floor..ceiling), every
    quantile, event and outcome finite, every week within the horizon."""
    p = result.scenario.params
    weeks = p.horizon_weeks
    t = result.trajectories
    assert len(t) == result.replicates * (weeks + 1)
    for s in SERIES:
        v = t[s.name].to_numpy(np.float64)
        assert np.isfinite(v).all(), s.name
        if s.log:  # the armament indices: unbounded in Richardson's model, bounded here
            assert v.min() >= np.float32(p.arms_race.floor), s.name
            assert v.max() <= np.float32(p.arms_race.ceiling), s.name
        elif s.name == "transfers":  # a count that may exceed its binned range, never wrap
            assert v.min() >= 0, s.name
        else:
            assert s.lo <= v.min() and v.max() <= s.hi, s.name
    q = result.quantiles()
    assert np.isfinite(q.select_dtypes("number").to_numpy(np.float64)).all()
    outside = q.loc[q["out_of_range"] > 0, "series"].unique()
    allowed = {"transfers"}  # binned up to 255: a long run may hold more, counted as outside
    if p.arms_race.floor < 1e-2:  # the armament bins start at 1e-2: a lower floor is outside
        allowed |= {"arms_russia", "arms_west"}
    assert set(outside) <= allowed, outside
    o = result.outcomes
    assert len(o) == result.replicates
    for name in o.select_dtypes("number").columns:
        col = o[name].dropna().to_numpy(np.float64)  # <NA>: the event never happened
        assert np.isfinite(col).all() and (col >= 0).all(), name
        if name.endswith("_week"):
            assert (col <= weeks).all(), name
    e = result.events
    if len(e):
        assert e["week"].between(1, weeks).all()


def test_explosive_arms_race_over_a_long_horizon_runs_and_stays_finite():
    # used to overflow to inf within ~130 weeks (recorded as float32) and crash the recorder's
    # binning with an IndexError after RuntimeWarnings (pytest turns warnings into errors)
    sc = load_scenario("baseline", [*EXPLOSIVE, "horizon_weeks=1500"])
    r = simulate(sc, replicates=3, seed=1)
    assert_finite_and_in_range(r)
    t = r.trajectories
    ceiling = sc.params.arms_race.ceiling
    assert t.loc[t["week"] == 1500, "arms_russia"].eq(ceiling).all()  # the ceiling binds
    assert r.outcomes["arms_race_spiral_week"].notna().all()


def test_armament_saturates_at_the_ceiling_an_analyst_sets():
    # a standing grievance pushes both sides off Richardson's (unstable) equilibrium at once
    extra = ["arms_race.extra_grievance=0.1", "arms_race.ceiling=20.0", "horizon_weeks=30"]
    sc = load_scenario("baseline", [*EXPLOSIVE, *extra])
    t = simulate(sc, replicates=4, seed=2, events=False).trajectories
    both = t[["arms_russia", "arms_west"]]
    assert both.max().max() == 20.0
    assert (both[t["week"] >= 10] == 20.0).all().all()  # doubling weekly: there within 10 weeks


@pytest.mark.parametrize("name", ["arms_race_spiral", "worst_case"])
def test_the_default_ceiling_lies_far_above_what_shipped_scenarios_reach(name):
    # why the ceiling may be a former constant: at its default it changes no shipped result
    r = simulate(name, replicates=500, seed=5, events=False)
    t = r.trajectories
    ceiling = r.scenario.params.arms_race.ceiling
    assert t[["arms_russia", "arms_west"]].max().max() < ceiling / 100
    # ... so at its default it keeps every scenario's hash (tests/golden pins baseline's)
    assert is_former_constant(ArmsRaceParams.model_fields["ceiling"])


def test_a_spiral_threshold_above_the_ceiling_is_refused_where_it_was_set():
    with pytest.raises(ScenarioError) as info:
        load_scenario("baseline", ["arms_race.ceiling=10.0", "arms_race.spiral_ratio=12.0"])
    (problem,) = info.value.problems
    assert problem.field == "arms_race.spiral_ratio" and problem.value == 12.0
    assert "arms_race.ceiling (10)" in problem.message
    load_scenario("baseline", ["arms_race.ceiling=10.0", "arms_race.spiral_ratio=10.0"])


def test_weeks_since_counters_cannot_overflow_within_the_longest_horizon():
    assert NEVER > MAX_WEEKS + 1  # int16 "weeks since" and first-event weeks
    sc = load_scenario("baseline", ["horizon_weeks=3"])
    w = World.initial(sc.params, 2)
    for _ in range(MAX_WEEKS + 1):
        w.new_week()
    assert (w.since_strike == NEVER).all()  # "never" stays never
    w.since_strike[:] = 0
    for _ in range(MAX_WEEKS):
        w.new_week()
    assert (w.since_strike == MAX_WEEKS).all()


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_the_recorder_names_a_value_that_is_not_finite(bad):
    w = World.initial(load_scenario("baseline").params, 3)
    w.arms_west[1] = bad
    with pytest.raises(FloatingPointError, match=r"'arms_west' is not finite at week 2 in 1 of 3"):
        DistributionRecorder(4)(2, w)


# --- any valid scenario, any horizon ----------------------------------------------------------


def _tables(values) -> dict:
    """Every table of a scenario (one per default named actor) as ``values(section class)``."""
    defaults = ScenarioParams(name="defaults")
    data: dict = {}
    for name in ScenarioParams.model_fields:
        value = getattr(defaults, name)
        if isinstance(value, BaseModel):
            data[name] = values(type(value))
        elif isinstance(value, dict) and value:
            data[name] = {key: values(type(m)) for key, m in value.items()}
    return data


def _across_fields(data: dict, choose) -> dict:
    """Makes drawn tables pass the schema's checks across fields - no run starts in an outcome
    class, the spiral is reachable - by ``choose(value, lo, hi)`` for each constrained value."""
    o, arms = data["outcomes"], data["arms_race"]
    ladders = data["ladders"]
    ladders["nato_initial"] = choose(
        ladders["nato_initial"], 0, o["direct_confrontation_level"] - 1
    )
    for r in data["recipients"].values():
        r["initial_level"] = choose(r["initial_level"], 0, o["regional_war_level"] - 1)
    lo, hi = _bounds(ArmsRaceParams.model_fields["spiral_ratio"])
    arms["spiral_ratio"] = choose(arms["spiral_ratio"], lo, min(hi, arms["ceiling"]))
    return data


def _field_values(cls: type[BaseModel]) -> st.SearchStrategy[dict]:
    """Every field of a section drawn across its validation range, as the schema states it."""
    fields = {}
    for name, info in cls.model_fields.items():
        if info.annotation is bool:
            fields[name] = st.booleans()
        elif info.annotation is int:
            fields[name] = st.integers(*_bounds(info))
        elif info.annotation is float:
            fields[name] = st.floats(*_bounds(info))
        else:  # pragma: no cover - a new kind of field: teach this strategy to draw it
            raise TypeError(f"{cls.__name__}.{name}: cannot draw {info.annotation!r}")
    return st.fixed_dictionaries(fields)


@st.composite
def scenarios(draw, horizons=st.integers(1, MAX_WEEKS)):
    """A valid scenario with every numeric parameter drawn from its range (the default actors,
    no scheduled events)."""

    def redraw(value, lo, hi):
        return draw(st.integers(lo, hi) if isinstance(value, int) else st.floats(lo, hi))

    data = _across_fields(_tables(lambda cls: draw(_field_values(cls))), redraw)
    data.update(name="drawn", horizon_weeks=draw(horizons))
    return Scenario(ScenarioParams.model_validate(data))


def at_bounds(end: int, weeks: int) -> Scenario:
    """Every numeric parameter at its lower (``end=0``) or upper (``end=1``) bound, switches
    on with the upper bound, as far as the checks across fields allow."""

    def values(cls):
        return {
            name: bool(end) if info.annotation is bool else info.annotation(_bounds(info)[end])
            for name, info in cls.model_fields.items()
        }

    data = _across_fields(_tables(values), lambda value, lo, hi: min(max(value, lo), hi))
    data.update(name=f"at_{('lower', 'upper')[end]}_bounds", horizon_weeks=weeks)
    return Scenario(ScenarioParams.model_validate(data))


@pytest.mark.parametrize("end", [0, 1], ids=["lower", "upper"])
def test_every_parameter_at_its_bound_stays_finite_and_in_range(end):
    # the upper bounds: a transfer and a strike nearly every week, every ladder at its top
    assert_finite_and_in_range(simulate(at_bounds(end, weeks=1040), replicates=2, seed=3))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32))
def test_any_valid_scenario_stays_finite_and_in_range_up_to_the_longest_horizon(sc, seed):
    # few replicates: the hazards are what vary; horizons average ~2,000 weeks (~2 s each)
    assert_finite_and_in_range(simulate(sc, replicates=2, seed=seed))
