"""``list``, ``show``, ``validate`` and ``rules``: what is shipped and how it is built."""

from __future__ import annotations

import argparse
import json

from ..errors import EscalationSimError, Problem, ScenarioError
from .common import FORMATS, add_set_option, complete_scenarios, err, json_text, say
from .format import table
from .tomlout import dumps


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "list",
        help="the shipped scenarios and the question each answers",
        description="List the shipped scenarios (name and question).",
        epilog="examples:\n  escalation-sim list\n  escalation-sim list --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "show",
        help="a scenario fully resolved (inheritance and overrides)",
        description="Print a scenario after inheritance and overrides.",
        epilog="examples:\n  escalation-sim show worst_case\n"
        "  escalation-sim show baseline --set mediation.effort=0.9 "
        "--format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenario", help="shipped scenario name (see `list`) or path to a .toml file"
    ).completer = complete_scenarios
    add_set_option(p)
    p.add_argument(
        "--format",
        choices=("toml", "json"),
        default="toml",
        help="toml (default; a valid scenario file, headed by its chain and hash) or json "
        "(the same resolved values)",
    )
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "validate",
        help="check scenario files against the schema",
        description="Validate scenarios; reports every problem of every file. A scenario's "
        "name (its name key, else the file name) names its results folder, so it is 1-64 "
        "ASCII letters, digits, '_', '-' and '.', starting with a letter, digit or '_'.",
        epilog="examples:\n  escalation-sim validate scenarios/*.toml\n"
        "  escalation-sim validate my_variant.toml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="names or .toml files"
    ).completer = complete_scenarios
    p.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default): a line per scenario; json: a record per scenario with its "
        "problems (file, field, value, message)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "rules",
        help="the rule registry with article paragraphs",
        description="Print every rule: id, actor, paragraphs, trigger, response.",
        epilog="examples:\n  escalation-sim rules\n  escalation-sim rules --format markdown",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=cmd_rules)


def cmd_list(args: argparse.Namespace) -> int:
    from ..scenarios.files import available_scenarios, scenarios_dir
    from ..scenarios.loader import load_scenario

    names = available_scenarios()
    if not names:  # an installation without its scenario files must not look empty but fine
        raise EscalationSimError(
            f"no shipped scenarios found in {scenarios_dir()}: the installation is incomplete "
            "(reinstall escalation-sim)"
        )
    rows = []
    for name in names:
        try:
            q = load_scenario(name).question
        except ScenarioError as exc:
            # one unreadable or invalid file (a stray binary, a half-edited variant) must not
            # hide the others; `validate` gives the details
            first = exc.problems[0] if exc.problems else exc
            more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
            err(f"warning: skipped {name}: {first}{more}")
            continue
        rows.append([name, q])
    experiments = _experiment_rows()
    if args.format == "json":
        say(
            json_text(
                {
                    "scenarios": [{"name": n, "question": q} for n, q in rows],
                    "experiments": [{"name": n, "question": q} for n, q in experiments],
                }
            )
        )
        return 0
    md = args.format == "markdown"
    say(table(rows, ["scenario", "question"], md))
    say("")
    say(table(experiments, ["experiment (escalation-sim sweep NAME)", "question"], md))
    return 0


def _experiment_rows() -> list[list[str]]:
    """The shipped experiments and their questions, read without running anything."""
    import tomllib

    from ..experiments.files import available_experiments, experiments_dir

    rows = []
    for name in available_experiments():
        try:
            data = tomllib.loads((experiments_dir() / f"{name}.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            err(f"warning: skipped experiment {name}: {exc}")
            continue
        rows.append([name, str(data.get("question", ""))])
    return rows


def cmd_show(args: argparse.Namespace) -> int:
    from ..scenarios.loader import load_scenario

    sc = load_scenario(args.scenario, args.overrides)
    data = sc.resolved()
    if args.format == "json":
        say(json.dumps(data, indent=2))
    else:
        say(
            f"# {sc.name}: resolved from {' -> '.join(sc.chain)}"
            + (f" with --set {' '.join(sc.overrides)}" if sc.overrides else "")
        )
        say(f"# scenario hash {sc.hash}")
        say(dumps(data))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..scenarios.loader import load_scenario

    bad = 0
    records = []
    for name in args.scenarios:
        try:
            sc = load_scenario(name)
        except ScenarioError as exc:
            bad += 1
            records.append(
                {"scenario": name, "valid": False, "problems": [_problem(p) for p in exc.problems]}
            )
            if args.format == "table":
                err(f"invalid: {name}\n" + "\n".join(f"  {p}" for p in exc.problems))
        else:
            events = len(sc.params.events)
            records.append(
                {
                    "scenario": name,
                    "valid": True,
                    "name": sc.name,
                    "hash": sc.hash,
                    "scheduled_events": events,
                    "problems": [],
                }
            )
            if args.format == "table":
                say(f"ok: {name} ({sc.name}, {events} scheduled events)")
    if args.format == "json":
        say(json_text(records))
    return 2 if bad else 0


def _problem(problem: Problem) -> dict:
    """A validation problem as ``validate --format json`` gives it (``value`` is absent when
    the problem is a missing value)."""
    record = {"file": problem.file, "field": problem.field, "message": problem.message}
    if problem.has_value:  # a value JSON cannot hold (nan, inf) is given as its text
        value = problem.value
        finite = not isinstance(value, float) or (value == value and abs(value) != float("inf"))
        record["value"] = value if finite else repr(value)
    return {**record, "text": str(problem)}


def cmd_rules(args: argparse.Namespace) -> int:
    from ..formatting import rule_rows

    rows = rule_rows()
    if args.format == "json":
        say(json.dumps([r.to_dict() for r in rows], indent=2))
        return 0
    body = [
        [r.id, ",".join(r.paragraphs), r.actor, r.phase, r.category, r.trigger, r.response]
        for r in rows
    ]
    header = ["rule", "paragraphs", "actor", "phase", "category", "trigger", "response"]
    say(table(body, header, markdown=args.format == "markdown"))
    return 0
