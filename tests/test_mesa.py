"""Mesa's conventions and tools work on the model: rng=, running, DataCollector, batch_run and
the re-instantiation SolaraViz does on reset (with Mesa's own ``scenario`` argument)."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest

from escalation_sim import EscalationModel, load_scenario, simulate

BASE, TRAINERS = load_scenario("baseline"), load_scenario("french_trainers")


def test_rng_takes_an_int_a_generator_or_none():
    a = EscalationModel(load_scenario("baseline"), 20, rng=7)
    assert a.seed == 7
    b = EscalationModel(load_scenario("baseline"), 20, rng=np.random.default_rng(3))
    c = EscalationModel(load_scenario("baseline"), 20, rng=np.random.default_rng(3))
    assert b.seed == c.seed  # drawn from the generator: reproducible from it
    d, e = (
        EscalationModel(load_scenario("baseline"), 20, rng=None),
        EscalationModel(load_scenario("baseline"), 20, rng=None),
    )
    assert d.seed != e.seed  # fresh, as in Mesa, and recorded
    # rng=7 is seed=7: the same runs
    a.run_model()
    f = EscalationModel(load_scenario("baseline"), 20, seed=7)
    f.run_model()
    pd.testing.assert_frame_equal(
        a.tracker.frame(a.world, a.replicate_ids), f.tracker.frame(f.world, f.replicate_ids)
    )


def test_run_model_stops_at_the_horizon_and_the_datacollector_follows():
    m = EscalationModel(load_scenario("baseline", ["horizon_weeks=10"]), 50, rng=1)
    m.run_model()
    assert m.week == 10 and not m.running
    frame = m.datacollector.get_model_vars_dataframe()
    assert len(frame) == 11  # week 0 and every week
    assert frame["direct_confrontation"].is_monotonic_increasing  # "so far" shares
    result = simulate("baseline", 50, 1, events=False)  # the same replicates as simulate's
    final = (result.outcomes["outcome"] == "direct_confrontation").mean()
    n = EscalationModel(load_scenario("baseline"), 50, rng=1)
    n.run_model()
    assert n.datacollector.get_model_vars_dataframe()["direct_confrontation"].iloc[-1] == final


def test_mesa_batch_run_works_on_the_model():
    rows = mesa.batch_run(
        EscalationModel,
        parameters={"params": [BASE, TRAINERS], "replicates": 100},
        rng=[1, 2],
        max_steps=52,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    frame["scenario"] = [p.name for p in frame["params"]]
    assert len(frame) == 4 and set(frame["scenario"]) == {"baseline", "french_trainers"}
    assert (frame["Step"] == 52).all()
    means = frame.groupby("scenario")["direct_confrontation"].mean()
    assert means["french_trainers"] > means["baseline"]  # trainers are a path to a clash


def test_mesas_own_scenario_argument_does_not_collide():
    from mesa.experimental.scenarios import Scenario

    m = EscalationModel(load_scenario("french_trainers"), 30, scenario=Scenario(rng=5))
    assert m.seed == 5 and m.params.name == "french_trainers"
    # what SolaraViz does on reset: the class called again with the model's parameters
    again = type(m)(params=m.spec, replicates=30, scenario=Scenario(rng=5))
    assert again.seed == m.seed
    with pytest.raises(Exception, match="seed"):
        EscalationModel(load_scenario("baseline"), 5, rng="x")
