"""``escalation-sim explain``: the causal chain of one replicate."""

from __future__ import annotations

import argparse

from ..errors import EscalationSimError, ResultError
from .common import (
    OUTCOME_NAMES,
    add_scenario_options,
    add_source_options,
    check_source,
    json_text,
    positive_int,
    replicate_index,
    say,
    scenario_from_args,
)

EXAMPLES = """\
examples:
  escalation-sim explain baseline --replicate 37
  escalation-sim explain french_trainers --outcome direct_confrontation
  escalation-sim explain --from results/baseline/20261125T190000Z --replicate 12
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "explain",
        help="why did a run go the way it did? (events, rules, paragraphs)",
        description="Print the chain of events of one replicate: week, actor, action, the rule "
        "and article paragraph that fired, and the ladder levels before and after.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_source_options(p, "a saved result directory instead of re-running")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--replicate",
        "-r",
        type=replicate_index,
        metavar="K",
        default=None,
        help="replicate index (default 0)",
    )
    which.add_argument(
        "--outcome",
        choices=OUTCOME_NAMES,
        default=None,
        help="explain the first replicate that ended in this outcome",
    )
    p.add_argument(
        "--search",
        type=positive_int,
        metavar="N",
        default=2000,
        help="replicates searched for --outcome (default 2000)",
    )
    p.add_argument(
        "--attribute",
        metavar="RULE",
        help="instead: rerun the same replicates with rule RULE (or lever scenario.ACTION) "
        "switched off and report the risk it causes, with a paired interval",
    )
    p.add_argument(
        "--replicates",
        "-n",
        type=positive_int,
        metavar="N",
        default=2000,
        help="replicates compared for --attribute (default 2000)",
    )
    add_scenario_options(p)
    p.add_argument(
        "--no-decay", action="store_true", help="hide the routine one-level de-escalation steps"
    )
    p.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default) or json: the chain of events (or, with --attribute, the "
        "attribution table) as data",
    )
    p.set_defaults(func=cmd_explain)


def _pick(outcomes, outcome: str, where: str) -> int:
    hits = outcomes.loc[outcomes["outcome"] == outcome, "replicate"]
    if hits.empty:
        raise EscalationSimError(f"--outcome {outcome}: no replicate ended so in {where}")
    return int(hits.min())


def cmd_explain(args: argparse.Namespace) -> int:
    from ..analysis.explain import class_overview, explain, explain_record
    from ..engine.ensemble import simulate
    from ..results.store import load_result

    check_source(args, "explain")
    if args.attribute is not None:
        return _attribute(args)
    overview = None
    if args.source is not None:
        result = load_result(args.source)
        if "events" not in result.tables:  # (reading .events would load the whole log)
            raise ResultError(f"{args.source}: saved without an event log (ran with --no-events)")
        if args.outcome:
            rep = _pick(result.outcomes, args.outcome, str(args.source))
            overview = class_overview(result.outcomes, args.outcome)
        else:
            rep = 0 if args.replicate is None else args.replicate
            ids = result.outcomes["replicate"]
            if not (ids == rep).any():
                raise ResultError(
                    f"--replicate {rep}: not in {args.source} (it holds {ids.min()}..{ids.max()})"
                )
    else:
        scenario = scenario_from_args(args.scenario, args)
        if args.outcome:
            scan = simulate(scenario, args.search, args.seed, events=False, trajectories=False)
            rep = _pick(
                scan.outcomes, args.outcome, f"{args.search} replicates (try --search with more)"
            )
            overview = class_overview(scan.outcomes, args.outcome)
        else:
            rep = 0 if args.replicate is None else args.replicate
        # replicates are addressable: rerunning k alone gives exactly replicate k of an ensemble
        result = simulate(scenario, 1, args.seed, first_replicate=rep)
    if args.format == "json":
        record = explain_record(result, rep, include_decay=not args.no_decay)
        if overview is not None:
            record = {"picked_for": args.outcome, "overview": overview, **record}
        say(json_text(record))
        return 0
    if overview is not None:
        say(overview)
    for line in explain(result, rep, include_decay=not args.no_decay):
        say(line)
    return 0


def _attribute(args: argparse.Namespace) -> int:
    from .. import formatting as fmt
    from ..analysis.attribution import attribute, check_rule
    from ..core.theatres import label
    from .format import table

    if args.source is not None or args.replicate is not None or args.outcome is not None:
        raise EscalationSimError(
            "--attribute reruns a scenario: it takes neither --from, --replicate nor --outcome"
        )
    if args.scenario is None:
        raise EscalationSimError("--attribute: name the scenario to rerun")
    check_rule(args.attribute)
    scenario = scenario_from_args(args.scenario, args)
    res = attribute(scenario, args.attribute, args.replicates, args.seed)
    if args.format == "json":
        record = {
            "scenario": res.scenario,
            "rule": res.rule,
            "replicates": res.replicates,
            "seed": res.seed,
            "fired_in": res.fired,
            "outcomes": res.table.to_dict(orient="records"),
        }
        say(json_text(record))
        return 0
    say(
        f"{res.scenario}: {res.replicates} replicates, seed {res.seed}, with and without "
        f"{res.rule} (common random numbers); it fired in {res.fired} replicates"
    )
    say("")
    rows = [
        [
            label(r.outcome),
            fmt.percent(r.p_with),
            fmt.percent(r.p_without),
            fmt.points(r.attributable),
            fmt.points_interval(r.ci_low, r.ci_high),
            f"{r.prevented_without}",
            f"{r.only_without}",
        ]
        for r in res.table.itertuples()
    ]
    header = [
        "outcome",
        "P with",
        "P without",
        "attributable",
        "95% CI (paired)",
        "runs it caused",
        "runs only without it",
    ]
    say(table(rows, header))
    say("")
    say(
        "'runs it caused': replicates with this outcome that would not have ended so without "
        "the rule; 'runs only without it': the reverse."
    )
    return 0
