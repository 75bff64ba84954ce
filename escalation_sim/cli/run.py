"""``escalation-sim run``: an ensemble run with summary, tables, plots and manifest."""

from __future__ import annotations

import argparse
from contextlib import ExitStack

from .common import (
    FORMATS,
    add_ensemble_options,
    add_output_options,
    add_uncertainty_option,
    check_resources,
    complete_scenarios,
    err,
    run_ensemble,
    say,
    scenario_from_args,
    step,
)
from .format import prose, summary_text

EXAMPLES = """\
examples:
  escalation-sim run baseline
  escalation-sim run deep_strikes_permitted -n 10000 --seed 7 --out results/dsp
  escalation-sim run baseline --set russia.transfer_follow_through=0.1 --format markdown
  escalation-sim run my_variant.toml --weeks 26 --report
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run a scenario ensemble: summary, Parquet tables, plots, manifest",
        description="Run an ensemble of a scenario and write its results: outcomes, events and "
        "trajectories (Parquet), summary.json, manifest.json and PNG plots.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenario", help="shipped scenario name (see `list`) or path to a .toml file"
    ).completer = complete_scenarios
    add_ensemble_options(p)
    add_output_options(p, "result directory (default results/<scenario>/<UTC time>)")
    p.add_argument("--format", choices=FORMATS, default="table", help="summary format")
    p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    p.add_argument(
        "--no-events",
        action="store_true",
        help="skip the event log (saves memory on very large ensembles)",
    )
    p.add_argument(
        "--no-trajectories",
        action="store_true",
        help="keep only per-week distributions, not every replicate's trajectory",
    )
    p.add_argument("--report", action="store_true", help="also write report.html and report.md")
    add_uncertainty_option(p)
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from ..results.outdir import default_out

    scenario = scenario_from_args(args.scenario, args)
    out = args.out if args.out is not None else default_out(scenario.name)
    if args.uncertainty is not None:
        return _run_uncertain(scenario, args, out)
    from ..results.manifest import build_manifest
    from ..results.outdir import atomic_dir
    from ..results.store import write_tables

    keep = {"events": not args.no_events, "trajectories": not args.no_trajectories}
    check_resources(args, [scenario], out, **keep)
    talk = not args.quiet
    saving = step(talk, "saving (manifest, flush to disk)")
    with ExitStack() as stack:
        stack.push(saving)  # ends after the directory is moved into place
        staging = stack.enter_context(atomic_dir(out, args.force))
        result = run_ensemble(
            scenario,
            args,
            events=not args.no_events,
            trajectories=not args.no_trajectories,
            directory=staging.path,
        )
        with step(talk, "summarising"):
            manifest = build_manifest(result, ["escalation-sim", *args.argv])
            summary = result.summary()
        with step(talk, "writing tables"):
            write_tables(result, staging.path, manifest)
        plots = {}
        if not args.no_plots or args.report:
            from ..plots import save_all

            with step(talk, "drawing plots"):
                plots = save_all(result, staging.path)
        if args.report:
            from ..report.content import write_report

            with step(talk, "writing report.html and report.md"):
                write_report(result, staging.path, plots, manifest)
        staging.manifest = manifest  # written last, listing every file above
        saving.begin()
    say(summary_text(summary, args.format))
    if args.format == "table":
        say()
        files = [f"{', '.join(result.tables)} .parquet", "summary.json", "manifest.json"]
        files += [p.name for p in plots.values()]
        if args.report:
            files += ["report.html", "report.md"]
        say(prose(f"results: {out}/ ({'; '.join(files)})"))
    else:
        err(f"results: {out}")
    return 0


def _run_uncertain(scenario, args: argparse.Namespace, out) -> int:
    """``run --uncertainty N``: the scenario over N parameter sets (see
    :mod:`escalation_sim.analysis.uncertainty`)."""
    import json

    from ..analysis.uncertainty import run_uncertain
    from ..results.layout import RunIdentity, file_metadata, write_table
    from ..results.manifest import versions
    from ..results.outdir import atomic_dir
    from .format import uncertainty_text

    result = run_uncertain(scenario, args.uncertainty, args.replicates, args.seed)
    summary = result.summary()
    manifest = {
        "complete": True,
        "output": "uncertainty",
        "scenario": scenario.name,
        "scenario_hash": scenario.hash,
        "resolved_scenario": scenario.resolved(),
        "seed": args.seed,
        "replicates": args.replicates,
        "parameter_sets": args.uncertainty,
        "uncertain_parameters": list(result.values.columns),
        "versions": versions(),
        "command": ["escalation-sim", *args.argv],
    }
    # like a run's tables: the run's identity as the first columns, the manifest as metadata
    identity = RunIdentity(scenario.name, scenario.hash, args.seed)
    with atomic_dir(out, args.force) as staging:
        sets = result.values.join(result.per_set.add_prefix("p_")).reset_index()
        for name, frame in (("outcomes", result.runs), ("parameter_sets", sets)):
            path = staging.path / f"{name}.parquet"
            write_table(path, [frame], identity, file_metadata(manifest))
        (staging.path / "summary.json").write_text(
            json.dumps(summary.to_dict(orient="records"), indent=2) + "\n", encoding="utf-8"
        )
        staging.manifest = manifest
    say(uncertainty_text(summary, scenario.name, result, args.format))
    if args.format == "table":
        say()
        say(
            f"results: {out}/ (outcomes.parquet, parameter_sets.parquet, summary.json, "
            "manifest.json)"
        )
    else:
        err(f"results: {out}")
    return 0
