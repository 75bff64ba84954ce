"""``escalation-sim report``: one self-contained HTML (and Markdown) report."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from .common import (
    add_ensemble_options,
    add_output_options,
    add_source_options,
    check_resources,
    check_source,
    err,
    run_ensemble,
    scenario_from_args,
    step,
)

EXAMPLES = """\
examples:
  escalation-sim report baseline
  escalation-sim report worst_case -n 5000 --out results/worst_case_report
  escalation-sim report --from results/baseline/20261125T190000Z
"""


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "report",
        help="a self-contained HTML and Markdown report of a scenario",
        description="Run a scenario (or read a saved run) and write report.html (images "
        "embedded) and report.md: question, key assumptions, summary, plots, rule "
        "table and manifest.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_source_options(
        p, "report on a saved result directory (writes the report into it, or into --out)"
    )
    add_ensemble_options(p)
    add_output_options(p, "output directory (default results/<scenario>/<UTC time>)")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..results.manifest import build_manifest
    from ..results.outdir import atomic_dir, default_out
    from ..results.store import load_result, write_tables

    check_source(args, "report")
    if args.source is not None:
        result = load_result(args.source)
        if args.out is not None:  # a report of a saved result, in a folder of its own
            with atomic_dir(args.out, args.force) as staging:
                _write_report(result, staging.path, result.manifest)
                staging.manifest = report_manifest(result, args)
            err(f"report: {args.out / 'report.html'} and {args.out / 'report.md'}")
            return 0
        paths = _add_report(result, args.source)
        err(f"report: {', '.join(str(p) for p in paths if p.suffix in ('.html', '.md'))}")
        return 0
    scenario = scenario_from_args(args.scenario, args)
    out = args.out if args.out is not None else default_out(scenario.name)
    check_resources(args, [scenario], out)
    talk = not args.quiet
    saving = step(talk, "saving (manifest, flush to disk)")
    with ExitStack() as stack:
        stack.push(saving)  # ends after the directory is moved into place
        staging = stack.enter_context(atomic_dir(out, args.force))
        result = run_ensemble(scenario, args, directory=staging.path)
        manifest = build_manifest(result, ["escalation-sim", *args.argv])
        with step(talk, "writing tables"):
            write_tables(result, staging.path, manifest)
        with step(talk, "drawing plots and writing the report"):
            _write_report(result, staging.path, manifest)
        staging.manifest = manifest
        saving.begin()
    err(f"report: {out / 'report.html'} and {out / 'report.md'}")
    return 0


def _write_report(result, directory: Path, manifest: dict | None) -> list[Path]:
    """The standard plots and report.html/report.md of ``result`` in ``directory``; returns
    every file written."""
    from ..plots import save_all  # plotting loads only for the commands that draw
    from ..report.content import write_report

    plots = save_all(result, directory)
    return [*plots.values(), *write_report(result, directory, plots, manifest)]


def _add_report(result, source: Path) -> list[Path]:
    """Add the report and its plots to the saved result ``source``: built aside (in a staging
    folder named with this process's id, removed by a later run if this one is killed), moved
    in, then listed in the result's manifest, so that ``--force`` may replace them later."""
    from ..results.outdir import (
        MANIFEST,
        claim,
        read_manifest,
        remove_stale,
        write_json_atomically,
    )

    remove_stale(source)
    with claim(source):
        staging = Path(tempfile.mkdtemp(prefix=f".report-{os.getpid()}-", dir=source))
        try:
            written = _write_report(result, staging, result.manifest)
            paths = [source / p.name for p in written]
            for src, dst in zip(written, paths, strict=True):
                os.replace(src, dst)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        manifest = read_manifest(source)
        if manifest is not None:  # an output of this version: list the new files
            files = sorted({*manifest["files"], *(p.name for p in paths)})
            write_json_atomically(source / MANIFEST, {**manifest, "files": files})
    return paths


def report_manifest(result, args: argparse.Namespace) -> dict:
    """The manifest of a report written from a saved result into its own folder."""
    shown = {
        k: v
        for k, v in (result.manifest or {}).items()
        if k not in ("tool", "format_version", "files")
    }
    return {
        **shown,
        "output": "report",
        "source": str(Path(args.source).resolve()),
        "report_command": ["escalation-sim", *args.argv],
    }
