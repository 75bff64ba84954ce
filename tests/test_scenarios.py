"""Scenario files: every shipped file loads and runs; bad input gets a located, typed error."""

from __future__ import annotations

from pathlib import Path

import pytest

from escalation_sim import ScenarioError, available_scenarios, load_scenario, simulate
from escalation_sim.scenarios.loader import scenarios_dir

SHIPPED = available_scenarios()
REQUIRED = {
    "baseline",
    "deep_strikes_permitted",
    "french_trainers",
    "asymmetric_response",
    "training_delays",
    "mediation_push",
    "arms_race_spiral",
    "worst_case",
}


def test_required_scenarios_are_shipped():
    assert REQUIRED <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_loads_runs_and_states_its_question(name):
    sc = load_scenario(name)
    assert sc.name == name
    assert sc.question.endswith("?"), "each scenario says which question it answers"
    text = (scenarios_dir() / f"{name}.toml").read_text()
    assert text.lstrip().startswith("#"), "each file opens with a comment on its question"
    r = simulate(sc, replicates=50, seed=0)
    assert len(r.outcomes) == 50


def test_variant_states_only_differences_and_inherits_the_rest():
    base = load_scenario("baseline")
    v = load_scenario("training_delays")
    assert v.params.west["US"].delivery_delay_weeks == 24.0
    # everything not stated is inherited, including per-state defaults
    assert v.params.west["US"].aid_share == base.params.west["US"].aid_share
    assert (
        v.params.west["France"].trainer_deploy_rate
        == base.params.west["France"].trainer_deploy_rate
    )
    assert v.params.russia == base.params.russia
    assert v.chain[-1].endswith("training_delays.toml") and v.chain[0].endswith("baseline.toml")


def test_events_accumulate_along_the_chain():
    wc = load_scenario("worst_case")
    actions = [(e.week, e.actor, e.action) for e in wc.params.events]
    assert (1, "US", "permit_deep_strikes") in actions  # from deep_strikes_permitted
    assert (4, "France", "deploy_trainers") in actions  # its own
    assert wc.params.russia.transfer_follow_through == 0.08  # from asymmetric_response


def test_overrides_apply_and_change_the_hash():
    a = load_scenario("baseline")
    b = load_scenario("baseline", ["russia.transfer_follow_through=0.2", "west.US.aid_share=0.5"])
    assert b.params.russia.transfer_follow_through == 0.2
    assert b.params.west["US"].aid_share == 0.5
    assert a.hash != b.hash
    assert load_scenario("baseline").hash == a.hash


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / f"{name}.toml"
    p.write_text(text)
    return p


def only_problem(exc: ScenarioError):
    assert len(exc.problems) == 1, exc.problems
    return exc.problems[0]


@pytest.mark.parametrize(
    ("body", "field", "value", "message"),
    [
        (
            "[russia]\ntransfer_follow_thru = 0.1\n",
            "russia.transfer_follow_thru",
            0.1,
            "unknown field",
        ),
        (
            "[russia]\ntransfer_follow_through = 1.5\n",
            "russia.transfer_follow_through",
            1.5,
            "less than or equal to 1",
        ),
        (
            "[russia]\ntransfer_follow_through = -0.1\n",
            "russia.transfer_follow_through",
            -0.1,
            "greater than or equal to 0",
        ),
        (
            '[russia]\ntransfer_follow_through = "high"\n',
            "russia.transfer_follow_through",
            "high",
            "valid number",
        ),
        ("horizon_weeks = -4\n", "horizon_weeks", -4, "greater than or equal to 1"),
        (
            "[west.US]\npermits_deep_strikes = 1\n",
            "west.US.permits_deep_strikes",
            1,
            "valid boolean",
        ),
        (
            "[recipients.africa]\nhostility = 0.5\n",
            "recipients.africa",
            "africa",
            "unknown region 'africa'",
        ),
        (
            '[[events]]\nweek = 3\nactor = "Italy"\naction = "deploy_trainers"\n',
            "events[0].actor",
            "Italy",
            "unknown Western state",
        ),
        (
            '[[events]]\nweek = 3\nactor = "russia"\naction = "transfer_long_range"\n'
            'region = "antarctica"\n',
            "events[0].region",
            "antarctica",
            "unknown region",
        ),
        (
            '[[events]]\nweek = 3\nactor = "US"\naction = "invade"\n',
            "events[0].action",
            "invade",
            "Input should be",
        ),
        (
            '[[events]]\nweek = 80\nactor = "US"\naction = "permit_deep_strikes"\n',
            "events[0].week",
            80,
            "after the horizon",
        ),
    ],
)
def test_bad_values_name_file_field_and_value(tmp_path, body, field, value, message):
    p = write(tmp_path, "bad", f'name = "bad"\n{body}')
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert prob.field == field
    assert prob.file == str(p)
    if value is not None:
        assert prob.value == value
    assert message in prob.message
    assert str(p) in str(info.value) and field in str(info.value)


def test_all_problems_are_reported_at_once(tmp_path):
    p = write(
        tmp_path,
        "many",
        "[russia]\ntransfer_follow_through = 2.0\nbogus = 1\n[mediation]\neffort = -1.0\n",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    fields = sorted(x.field for x in info.value.problems)
    assert fields == ["mediation.effort", "russia.bogus", "russia.transfer_follow_through"]


def test_error_in_parent_names_the_parent_file(tmp_path):
    parent = write(tmp_path, "parent", "[ukraine]\ndeep_strike_rate = 3.0\n")
    child = write(tmp_path, "child", 'extends = "parent"\n[russia]\nshow_of_force = 0.2\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    prob = only_problem(info.value)
    assert prob.file == str(parent) and prob.field == "ukraine.deep_strike_rate"


def test_missing_extends(tmp_path):
    p = write(tmp_path, "orphan", 'extends = "no_such_parent"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert (prob.field, prob.value, prob.file) == ("extends", "no_such_parent", str(p))


def test_circular_extends(tmp_path):
    write(tmp_path, "a", 'extends = "b"\n')
    b = write(tmp_path, "b", 'extends = "a"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "a.toml")
    prob = only_problem(info.value)
    assert prob.field == "extends" and "circular" in prob.message
    assert "a.toml -> b.toml -> a.toml" in prob.message
    assert prob.file == str(b)


def test_invalid_toml_names_the_file(tmp_path):
    p = write(tmp_path, "broken", "[russia\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    assert str(p) in str(info.value) and "not valid TOML" in str(info.value)


def test_unknown_scenario_name_suggests_the_closest():
    with pytest.raises(ScenarioError) as info:
        load_scenario("basline")
    assert "did you mean 'baseline'" in str(info.value)


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ("russia.transfer_follow_through=7", "russia.transfer_follow_through", "less than"),
        ("russia.nonsense=1", "russia.nonsense", "unknown field"),
        ("nosuch.section.x=1", "nosuch", "unknown section"),
        ("no_equals_sign", "--set", "expected path.to.param=value"),
    ],
)
def test_bad_overrides_are_located(override, field, message):
    with pytest.raises(ScenarioError) as info:
        load_scenario("baseline", [override])
    prob = only_problem(info.value)
    assert prob.field == field and message in prob.message
    assert "--set" in str(prob)


def test_error_is_a_typed_library_exception_not_a_traceback_string(tmp_path):
    from escalation_sim import EscalationSimError

    p = write(tmp_path, "bad", "horizon_weeks = 0\n")
    with pytest.raises(EscalationSimError):
        load_scenario(p)


@pytest.mark.parametrize(
    ("body", "field", "value", "message"),
    [
        ("[ladders]\nnato_initial = 3\n", "ladders.nato_initial", 3, "below outcomes."),
        (
            "[arms_race]\nceiling = 2.0\nspiral_ratio = 3.0\n",
            "arms_race.spiral_ratio",
            3.0,
            "must not exceed arms_race.ceiling",
        ),
        (
            '[[events]]\nweek = 2\nactor = "US"\naction = "permit_deep_strikes"\nregion = "asia"\n',
            "events[0].region",
            "asia",
            "only for transfer_long_range",
        ),
        (
            '[[events]]\nweek = 2\nactor = "US"\naction = "permit_deep_strikes"\nvalue = 0.5\n',
            "events[0].value",
            0.5,
            "only for announce_delivery and set_mediation_effort",
        ),
    ],
)
def test_checks_across_fields_are_located_too(tmp_path, body, field, value, message):
    p = write(tmp_path, "cross", body)
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert (prob.field, prob.value, prob.file) == (field, value, str(p))
    assert message in prob.message


def test_weeks_override_below_a_scheduled_event_names_the_event():
    with pytest.raises(ScenarioError) as info:
        load_scenario("french_trainers", ["horizon_weeks=3"])
    prob = only_problem(info.value)
    assert prob.field == "events[0].week" and "horizon_weeks = 3" in prob.message
    assert prob.file.endswith("french_trainers.toml")


# --- inputs that used to escape as UnicodeDecodeError, RecursionError or silent defaults -------


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / f"{name}.toml"
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00\x01binary", "not UTF-8 text"),
        ('name = "café"\n'.encode("latin-1"), "not UTF-8 text"),
        (b'name = "x"\n\x00\x00\x00', "not valid TOML"),
    ],
)
def test_binary_or_non_utf8_file_is_a_located_error(tmp_path, data, message):
    p = write_bytes(tmp_path, "binary", data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert prob.file == str(p) and message in prob.message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n\n# and another\n"])
def test_empty_file_is_an_error_not_all_defaults(tmp_path, text):
    p = write(tmp_path, "empty", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert prob.file == str(p) and "empty" in prob.message


def test_a_file_that_only_extends_is_not_empty(tmp_path):
    p = write(tmp_path, "same_as_baseline", '# nothing changed\nextends = "baseline"\n')
    sc = load_scenario(p)
    assert sc.name == "same_as_baseline"
    assert sc.params.russia == load_scenario("baseline").params.russia


def test_an_empty_parent_is_named(tmp_path):
    parent = write(tmp_path, "parent", "# forgot to write it\n")
    child = write(tmp_path, "child", 'extends = "parent"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    prob = only_problem(info.value)
    assert prob.file == str(parent) and "empty" in prob.message


def test_a_long_extends_chain_hits_a_stated_limit(tmp_path):
    from escalation_sim.scenarios.files import MAX_EXTENDS

    for i in range(1000):
        write(tmp_path, f"c{i}", f'extends = "c{i + 1}"\n' if i < 999 else 'name = "c999"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "c0.toml")
    prob = only_problem(info.value)
    assert prob.field == "extends" and f"more than {MAX_EXTENDS}" in prob.message
    assert prob.file == str(tmp_path / f"c{MAX_EXTENDS - 1}.toml")
    # a chain of exactly MAX_EXTENDS files (the last one baseline) loads
    for i in range(MAX_EXTENDS - 2):
        write(tmp_path, f"ok{i}", f'extends = "ok{i + 1}"\n')
    write(tmp_path, f"ok{MAX_EXTENDS - 2}", 'extends = "baseline"\n')
    assert len(load_scenario(tmp_path / "ok0.toml").chain) == MAX_EXTENDS


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("x = " + "[" * 500 + "]" * 500 + "\n", "x"),
        ("x = " + "[" * 40 + "]" * 40 + "\n", "x"),
        ("x = " + "{a = " * 300 + "1" + "}" * 300 + "\n", "x"),
        ("x." * 600 + "y = 1\n", "x"),
        ("[" + "t." * 300 + "u]\nv = 1\n", "t"),
    ],
)
def test_deep_nesting_hits_a_stated_limit(tmp_path, body, field):
    p = write(tmp_path, "deep", f'name = "deep"\n{body}')
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    # too deep for the TOML reader itself, the error can only name the file
    assert prob.file == str(p) and (prob.field.startswith(field) or prob.field == "<file>")
    assert "nested" in prob.message


def test_deeply_nested_override_is_a_located_error():
    with pytest.raises(ScenarioError) as info:
        load_scenario("baseline", ["russia.show_of_force=" + "[" * 500 + "]" * 500])
    prob = only_problem(info.value)
    assert prob.file == "--set" and "nested" in prob.message


@pytest.mark.parametrize(
    ("parent_body", "child_body", "field", "where"),
    [
        ("", "events = 5\n", "events", "child"),
        (
            '[[events]]\nweek = 2\nactor = "US"\naction = "deploy_trainers"\n',
            '[[events]]\nweek = 3\nactor = "Narnia"\naction = "deploy_trainers"\n',
            "events[1].actor",
            "child",
        ),
        (
            '[[events]]\nweek = 2\nactor = "Narnia"\naction = "deploy_trainers"\n',
            '[[events]]\nweek = 3\nactor = "US"\naction = "deploy_trainers"\n',
            "events[0].actor",
            "parent",
        ),
    ],
)
def test_events_of_any_type_are_located(tmp_path, parent_body, child_body, field, where):
    files = {
        "parent": write(tmp_path, "parent", f'name = "parent"\n{parent_body}'),
        "child": write(tmp_path, "child", f'extends = "parent"\n{child_body}'),
    }
    with pytest.raises(ScenarioError) as info:
        load_scenario(files["child"])
    prob = only_problem(info.value)
    assert (prob.field, prob.file) == (field, str(files[where]))


@pytest.mark.parametrize(
    ("parent_body", "field"),
    [
        ("[bogus]\nx = 1\n", "bogus"),
        ("[bogus]\n", "bogus"),
        ("[recipients.africa]\nhostility = 0.5\n", "recipients.africa"),
        ("russia = 5\n", "russia"),
        ("[west.Narnia]\nbogus = 1\n", "west.Narnia.bogus"),
    ],
)
def test_an_inherited_bad_table_names_the_parent_file(tmp_path, parent_body, field):
    parent = write(tmp_path, "parent", parent_body)
    child = write(tmp_path, "child", 'extends = "parent"\n[mediation]\neffort = 0.3\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    prob = only_problem(info.value)
    assert (prob.field, prob.file) == (field, str(parent))


# --- scenario names: they become folder names, so they follow a documented pattern ----------


@pytest.mark.parametrize(
    "bad",
    ["/abs/path", "../../x", "..", ".hidden", "", "a\nb", "nul\x00", "a b", "-rf", "x" * 65, "é"],
)
def test_bad_names_are_located_errors_from_a_file_or_set(tmp_path, bad):
    from escalation_sim.scenarios.schema import NAME_RULE

    p = write(tmp_path, "named", f"name = {json_str(bad)}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert (prob.field, prob.value, prob.file) == ("name", bad, str(p))
    assert NAME_RULE in prob.message
    with pytest.raises(ScenarioError) as info:
        load_scenario("baseline", [f"name={json_str(bad)}"])
    prob = only_problem(info.value)
    assert (prob.field, prob.value, prob.file) == ("name", bad, "--set")


def json_str(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(text)


@pytest.mark.parametrize("good", ["a", "baseline", "Case_2.v1", "x" * 64, "9lives", "_x-y.z"])
def test_good_names_pass(tmp_path, good):
    assert load_scenario("baseline", [f"name={json_str(good)}"]).name == good


def test_a_file_name_that_is_no_valid_name_asks_for_a_name(tmp_path):
    from escalation_sim.scenarios.schema import NAME_RULE

    p = write(tmp_path, "my scenario", 'extends = "baseline"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    prob = only_problem(info.value)
    assert (prob.field, prob.value, prob.file) == ("name", "my scenario", str(p))
    assert NAME_RULE in prob.message and "file name" in prob.message
    (tmp_path / "named.toml").write_text('extends = "my scenario"\nname = "fine"\n')
    assert load_scenario(tmp_path / "named.toml").name == "fine"


def test_every_shipped_name_follows_the_pattern():
    from escalation_sim.scenarios.schema import NAME_PATTERN

    for name in SHIPPED:
        assert NAME_PATTERN.fullmatch(name), name


def test_an_unreadable_parent_names_itself_and_the_child_that_extends_it(tmp_path):
    parent = write_bytes(tmp_path, "parent", b"\xff\xfe junk")
    child = write(tmp_path, "child", 'extends = "parent"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    prob = only_problem(info.value)
    assert prob.file == str(parent) and "not UTF-8" in prob.message
    assert f"extended by {child}" in prob.message
