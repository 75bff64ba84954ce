"""Every numeric scenario parameter states a plausible range and its basis: within its
validation bounds, holding the class default and every default actor's value; the listing an
experiment samples from names exactly the schema's numeric parameters."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from escalation_sim.core.ladder import MAX_LEVEL, NON_NUCLEAR_MAX
from escalation_sim.docgen import parameters_markdown
from escalation_sim.scenarios.fields import (
    Section,
    bounds,
    is_numeric,
    param,
    parameter_ranges_of,
    plausible_range,
    range_basis,
)
from escalation_sim.scenarios.schema import ScenarioParams


def sections() -> list[tuple[str, type[BaseModel], dict[str, BaseModel]]]:
    """(table, section model, default members) of every table of a scenario, found by walking
    the schema: a table of named actors (``west``) gives its member model and default actors."""
    out = []
    for name, field in ScenarioParams.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.append((name, annotation, {}))
        elif typing.get_origin(annotation) is dict:
            member = typing.get_args(annotation)[1]
            if isinstance(member, type) and issubclass(member, BaseModel):
                out.append((name, member, field.get_default(call_default_factory=True)))
    return out


SECTIONS = sections()
NUMERIC = [
    (table, model, members, name)
    for table, model, members in SECTIONS
    for name, info in model.model_fields.items()
    if is_numeric(info)
]


def range_problems(model: type[BaseModel], members: dict[str, BaseModel]) -> list[str]:
    """What is wrong with the plausible ranges of ``model``'s numeric fields."""
    problems = []
    for name, info in model.model_fields.items():
        if not is_numeric(info):
            continue
        rng = plausible_range(info)
        if rng is None:
            problems.append(f"{name}: no plausible range")
            continue
        low, high = rng
        ge, le = bounds(info)
        if not range_basis(info).strip():
            problems.append(f"{name}: no basis")
        if not low <= high:
            problems.append(f"{name}: low {low} > high {high}")
        if (ge is not None and low < ge) or (le is not None and high > le):
            problems.append(f"{name}: ({low}, {high}) outside the bounds ({ge}, {le})")
        values = {"class default": info.default} | {k: getattr(m, name) for k, m in members.items()}
        for who, value in values.items():
            if not low <= value <= high:
                problems.append(f"{name}: {who} {value} outside ({low}, {high})")
    return problems


def test_the_schema_walk_finds_every_table_and_their_numbers():
    tables = {table for table, *_ in SECTIONS}
    assert {"russia", "ukraine", "west", "recipients", "mediation", "arms_race"} <= tables
    assert {"ladders", "outcomes"} <= tables
    assert len(NUMERIC) > 60, "the walk lost parameters"
    # the dict-of-members tables are walked through their member model, with their defaults
    members = {table: m for table, _, m in SECTIONS}
    assert set(members["west"]) >= {"US", "Germany"} and len(members["recipients"]) == 3


@pytest.mark.parametrize(
    ("table", "model", "members", "name"),
    NUMERIC,
    ids=[f"{t}.{n}" for t, _, _, n in NUMERIC],
)
def test_every_numeric_parameter_has_a_sound_plausible_range(table, model, members, name):
    info = model.model_fields[name]
    rng = plausible_range(info)
    assert rng is not None, f"{table}.{name}: declare param(..., plausible=..., basis=...)"
    assert range_basis(info).strip(), f"{table}.{name}: the range needs a basis"
    assert "Plausible" not in (info.description or ""), "the range belongs in plausible="
    problems = [p for p in range_problems(model, members) if p.startswith(f"{name}:")]
    assert not problems, problems


def test_booleans_are_levers_without_a_range():
    levers = [
        (table, name)
        for table, model, _ in SECTIONS
        for name, info in model.model_fields.items()
        if info.annotation is bool
    ]
    assert ("west", "permits_deep_strikes") in levers and ("west", "trainers_deployed") in levers
    for table, model, _ in SECTIONS:
        for name, info in model.model_fields.items():
            if info.annotation is bool:
                assert plausible_range(info) is None and range_basis(info) == "", (table, name)
    text = parameters_markdown()
    row = next(r for r in text.splitlines() if r.startswith("| `permits_deep_strikes`"))
    assert "| lever |" in row


def test_the_checks_catch_a_bad_range():
    """The check behind the tests above reports each kind of fault: it cannot pass vacuously."""

    class Bad(Section):
        no_range: float = param(0.5, "no range")
        outside: float = param(0.5, "outside", le=1.0)
        members_outside: float = param(0.5, "members", plausible=(0.4, 0.6), basis="b")
        lever: bool = False

    # bypass param()'s own guards to plant faults the test must catch
    Bad.model_fields["outside"].json_schema_extra.update(plausible=[-0.5, 2.0], basis="")
    members = {"A": Bad(members_outside=0.9)}
    problems = range_problems(Bad, members)
    assert problems == [
        "no_range: no plausible range",
        "outside: no basis",
        "outside: (-0.5, 2.0) outside the bounds (0.0, 1.0)",
        "members_outside: A 0.9 outside (0.4, 0.6)",
    ]
    with pytest.raises(ValueError, match=r"Bad\.x\.no_range has no plausible range"):
        parameter_ranges_of(Bad(), "Bad.x")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plausible": (0.6, 0.4), "basis": "b"}, "low must not exceed high"),
        ({"plausible": (0.2, 1.5), "basis": "b"}, "must lie within ge=0.0..le=1.0"),
        ({"plausible": (0.6, 0.9), "basis": "b"}, r"must hold the default \(=0.5\)"),
        ({"plausible": (0.4, 0.6)}, "needs a basis"),
        ({"plausible": (0.4, 0.6), "basis": "  "}, "needs a basis"),
        ({"basis": "b"}, "without plausible"),
    ],
)
def test_param_refuses_an_unsound_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        param(0.5, "doc", **kwargs)


def test_param_stores_the_range_and_basis_in_the_schema():
    schema = ScenarioParams.model_json_schema()["$defs"]
    for _, model, _, name in NUMERIC:
        info = model.model_fields[name]
        extra = info.json_schema_extra
        assert extra["plausible"] == list(plausible_range(info)), name
        assert extra["basis"] == range_basis(info), name
        assert schema[model.__name__]["properties"][name]["plausible"] == extra["plausible"], name


def _schema_paths(params: ScenarioParams) -> list[str]:
    """Dotted paths of the numeric parameters of ``params``, found by walking the schema."""
    paths = []
    for table, model, _ in SECTIONS:
        value = getattr(params, table)
        members = value if isinstance(value, dict) else {None: value}
        for key in members:
            prefix = table if key is None else f"{table}.{key}"
            paths += [f"{prefix}.{n}" for n, i in model.model_fields.items() if is_numeric(i)]
    return paths


@pytest.mark.parametrize("extra_state", [None, "Poland"])
def test_the_listing_names_every_numeric_parameter_with_its_range_and_bounds(extra_state):
    west = {} if extra_state is None else {extra_state: {"aid_share": 0.1}}
    params = ScenarioParams(name="x", west=west)
    listing = params.parameter_ranges()
    paths = [r.path for r in listing]
    assert paths == _schema_paths(params)
    assert len(paths) == len(set(paths))
    assert "west.US.aid_share" in paths and "recipients.middle_east.hostility" in paths
    assert not any(p.endswith(("permits_deep_strikes", "trainers_deployed")) for p in paths)
    assert "horizon_weeks" not in paths  # a setting of the run, not a parameter
    if extra_state is not None:
        assert f"west.{extra_state}.aid_share" in paths
    for r in listing:
        table, *middle, name = r.path.split(".")
        section = getattr(params, table)
        section = section[middle[0]] if middle else section
        info = type(section).model_fields[name]
        assert r.plausible == plausible_range(info), r.path
        assert r.bounds == bounds(info), r.path
        assert r.basis == range_basis(info), r.path
        assert r.value == getattr(section, name), r.path
        assert r.integer == (info.annotation is int), r.path


def test_the_listing_uses_the_tightest_bounds_of_a_level():
    ranges = {r.path: r for r in ScenarioParams(name="x").parameter_ranges()}
    ceiling = ranges["russia.signalling_ceiling"]  # a Level (0-8) that param narrows to 1-6
    assert NON_NUCLEAR_MAX < MAX_LEVEL
    assert ceiling.bounds == (1, NON_NUCLEAR_MAX) and ceiling.integer
    assert ranges["ladders.nato_initial"].bounds == (0, MAX_LEVEL)


def test_the_model_doc_tables_show_each_range_and_its_basis():
    text = parameters_markdown()
    assert "| parameter | default | valid | plausible | meaning | source | range basis |" in text
    for table, model, _, name in NUMERIC:
        info = model.model_fields[name]
        low, high = plausible_range(info)
        rows = [r for r in text.splitlines() if r.startswith(f"| `{name}` |")]
        assert rows, (table, name)
        assert any(f"| {low:g} - {high:g} |" in r and range_basis(info) in r for r in rows), name
