"""Extending the model without editing the package, and the contracts that make it safe.

* A new actor kind (China as a second mediator) with one rule citing a paragraph, declared and
  registered entirely in this file, takes part in an ensemble: its rule fires and is logged.
* Every rule reads only the parameters it declares, and every declared parameter exists and is
  read.
* A rule that draws from Mesa's model-wide generators fails loudly instead of silently making
  replicates depend on each other.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from escalation_sim import EscalationModel, load_scenario, simulate
from escalation_sim.core.ladder import Category
from escalation_sim.errors import GlobalRandomnessError
from escalation_sim.rules import (
    KINDS,
    REGISTRY,
    ActorKind,
    DynamicRule,
    EventRule,
    Inputs,
    Phase,
    ScheduledRule,
    declare_kind,
    register,
)
from escalation_sim.scenarios.fields import Section, param

ROOT = Path(__file__).resolve().parents[1]


class ChinaParams(Section):
    """China as a mediator (P12: global leaders mediate)."""

    talks_rate: float = param(0.5, "weekly probability of hosting peace talks", "P12; test value")


@pytest.fixture
def china():
    kind = declare_kind(ActorKind("china", section="china", title="China", params=ChinaParams))

    @register
    class HostTalks(EventRule):
        """China hosts peace talks and mediation effort rises (P12)."""

        id = "china.host_talks"
        actor = "china"
        action = "host peace talks"
        paragraphs = ("P12",)
        phase = Phase.DIPLOMACY
        category = Category.DE_ESCALATION
        trigger = "no ceasefire"
        response = "mediation effort +0.1"
        parameters = ("china.talks_rate",)

        def probability(self, k, obs):
            return np.where(~obs.ceasefire, k.talks_rate, 0.0)

        def apply(self, k, world, fired, choice=None):
            world.effort[fired] = np.minimum(world.effort[fired] + 0.1, 1.0)

    yield kind
    REGISTRY.unregister("china.host_talks")
    KINDS.withdraw("china")


def test_a_new_actor_kind_joins_the_roster_and_its_rule_fires_and_is_logged(china):
    m = EscalationModel(load_scenario("baseline"), replicates=4, seed=2)
    assert [a.name for a in m.actors("china")] == ["China"]
    result = simulate("baseline", replicates=200, seed=2)
    talks = result.events[result.events["rule"] == "china.host_talks"]
    assert len(talks) > 0
    assert set(talks["actor"].astype(str)) == {"China"}
    assert set(talks["paragraphs"].astype(str)) == {"P12"}
    assert set(talks["score"]) == {Category.DE_ESCALATION.score}
    # at rate 0.5 a week, about half of the replicate-weeks without a ceasefire hold talks
    share = len(talks) / (200 * 52)
    assert 0.3 < share < 0.55


def test_a_new_kind_leaves_the_other_actors_draws_alone(request):
    """Draws are addressed by rule and actor, so adding an actor changes nothing else until its
    acts change the world: in week 1 (China's talks only matter from week 2, when mediators
    read the effort) every other firing is the same with or without China."""
    without = simulate("baseline", replicates=300, seed=4).events
    request.getfixturevalue("china")
    with_china = simulate("baseline", replicates=300, seed=4).events
    columns = ["replicate", "rule", "actor", "target", "level_before", "level_after"]

    def week_one(events):
        first = events[(events["week"] == 1) & (events["rule"] != "china.host_talks")]
        return first[columns].astype(str).reset_index(drop=True)

    assert len(week_one(without)) > 0
    assert week_one(with_china).equals(week_one(without))
    assert (with_china["rule"] == "china.host_talks").any()


# -- Rules own their inputs ------------------------------------------------------------------
def _actor_rules():
    return [r for r in REGISTRY if not isinstance(r, (DynamicRule, ScheduledRule))]


def test_every_declared_parameter_exists():
    m = EscalationModel(load_scenario("worst_case"), replicates=1, seed=0)
    for rule in _actor_rules():
        actors = m.actors(rule.actor)
        assert actors, rule.id
        for actor in actors:  # resolving fails for a path the scenario does not have
            assert isinstance(actor.inputs[rule], Inputs)
    assert {r for r, _ in m.dynamics} == set(REGISTRY.dynamics())


def test_a_parameter_that_does_not_exist_cannot_be_declared():
    class Bogus(EventRule):
        """A rule declaring a parameter no scenario has (P1)."""

        id = "test.bogus"
        actor = "russia"
        action = "nothing"
        paragraphs = ("P1",)
        phase = Phase.POLICY
        trigger = response = "-"
        parameters = ("russia.no_such_parameter",)

    with pytest.raises(ValueError, match=r"test.bogus.*russia.no_such_parameter"):
        Inputs.resolve(Bogus(), load_scenario("baseline").params)


def test_every_parameter_a_rule_reads_is_declared_and_every_declared_one_is_read(monkeypatch):
    """Record every attribute rules read on their inputs over runs that fire every rule."""
    reads: dict[str, set[str]] = defaultdict(set)
    original = Inputs.__getattribute__

    def recording(self, name):
        value = original(self, name)
        if not name.startswith("_") and name in original(self, "__dict__"):
            reads[original(self, "_rule").id].add(name)
        return value

    monkeypatch.setattr(Inputs, "__getattribute__", recording)
    for scenario in ("worst_case", str(ROOT / "tests" / "scenarios" / "all_levers.toml")):
        simulate(scenario, replicates=400, seed=3)
    for rule in REGISTRY:
        if isinstance(rule, ScheduledRule):
            continue
        declared = {p.split(".")[-1] if p[-1] != "*" else p.split(".")[-2] for p in rule.parameters}
        derived = {"region_weights", "mean_delay"}  # what prepare() adds
        assert reads[rule.id] <= declared | derived, rule.id
        assert declared <= reads[rule.id], f"{rule.id} declares but never reads"


def test_rules_reach_the_world_only_through_their_inputs():
    """No rule module touches a model, an actor's parameters or the engine: the only way to a
    parameter is the rule's inputs ``k``."""
    for path in (ROOT / "escalation_sim" / "rules").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("model", "params"), f"{path.name}: .{node.attr}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "engine" not in node.module and "scenarios" not in node.module, path.name


# -- One generator, one clock ----------------------------------------------------------------
@pytest.mark.parametrize("generator", ["random", "rng"])
def test_a_rule_drawing_from_mesas_generators_fails_loudly(generator):
    class Sneaky(EventRule):
        """Draws from the model's own generator instead of its stream (P1)."""

        id = "test.sneaky"
        actor = "russia"
        action = "sneak"
        paragraphs = ("P1",)
        phase = Phase.POLICY
        trigger = response = "-"

        def probability(self, k, obs):
            model = k._actor.model  # what a careless rule could reach
            getattr(model, generator).random()
            return np.zeros(len(obs.ceasefire))

    register(Sneaky)
    try:
        m = EscalationModel(load_scenario("baseline"), replicates=2, seed=0)
        with pytest.raises(GlobalRandomnessError, match=f"model.{generator}"):
            m.step()
    finally:
        REGISTRY.unregister("test.sneaky")


def test_mesa_run_model_stops_at_the_horizon_and_week_is_mesas_clock():
    m = EscalationModel(load_scenario("baseline", ["horizon_weeks=7"]), replicates=3, seed=1)
    assert m.running and m.week == m.steps == 0
    m.run_model()
    assert not m.running and m.week == m.steps == 7
    assert m.tracker.frame(m.world, m.replicate_ids)["outcome_week"].max() <= 7


# -- Former constants are parameters that keep hashes ------------------------------------------
def test_former_constants_at_their_default_keep_the_hash_and_otherwise_change_it():
    base = load_scenario("baseline")
    same = load_scenario("baseline", ["west.US.recent_strike_weeks=4", "arms_race.floor=0.05"])
    moved = load_scenario("baseline", ["west.US.recent_strike_weeks=6"])
    assert same.hash == base.hash
    assert moved.hash != base.hash
    assert "recent_strike_weeks" in base.resolved()["west"]["US"]  # shown in full, never hidden
