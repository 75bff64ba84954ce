"""Options and helpers shared by the commands."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.rng import DEFAULT_REPLICATES, DEFAULT_SEED, REPLICATE_LIMIT, SEED_LIMIT
from ..errors import EscalationSimError

if TYPE_CHECKING:  # pragma: no cover - the commands import these when they run
    from ..results.result import EnsembleResult
    from ..scenarios.loader import Scenario

#: The outcome classes, as :data:`escalation_sim.engine.outcomes.OUTCOMES` names them (a test
#: keeps the two equal); spelled out here so that building the parser loads no engine.
OUTCOME_NAMES = (
    "direct_confrontation",
    "regional_war",
    "negotiated_deescalation",
    "prolonged_confrontation",
)

FORMATS = ("table", "json", "markdown")


def _whole_number_at_least(minimum: int, below: int | None = None, below_text: str = ""):
    """An argparse type: a whole number ``>= minimum`` and, if given, ``< below`` (named
    ``below_text`` in messages, e.g. ``2**64``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        if below is not None and value >= below:
            raise argparse.ArgumentTypeError(
                f"must be < {below_text or below} (at most {below - 1}), got {value}"
            )
        return value

    parse.__name__ = f"int>={minimum}"  # argparse names the type in its messages
    return parse


positive_int = _whole_number_at_least(1)
non_negative_int = _whole_number_at_least(0)
#: A root seed: 64 bits, all of them used (a larger seed would wrap onto a smaller one).
seed_int = _whole_number_at_least(0, SEED_LIMIT, "2**64")
#: A replicate index, as the engine addresses replicates (below 2**62).
replicate_index = _whole_number_at_least(0, REPLICATE_LIMIT, "2**62")


def _toml_files(prefix: str) -> list[str]:
    """``.toml`` files under the path typed so far, and its folders once a path is begun."""
    from glob import glob

    found = sorted(glob(prefix + "*"))
    files = [f for f in found if f.endswith(".toml") and Path(f).is_file()]
    folders = [f + "/" for f in found if prefix and Path(f).is_dir()]
    return files + folders


def complete_scenarios(prefix: str, **_) -> list[str]:
    """Shell completion of a SCENARIO: the shipped names, then scenario files."""
    from ..scenarios.files import available_scenarios

    return [n for n in available_scenarios() if n.startswith(prefix)] + _toml_files(prefix)


def complete_experiments(prefix: str, **_) -> list[str]:
    """Shell completion of an EXPERIMENT: the shipped names, then experiment files."""
    from ..experiments.files import available_experiments

    return [n for n in available_experiments() if n.startswith(prefix)] + _toml_files(prefix)


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """--seed, --weeks and --set: what fixes a run besides the scenario and replicate count."""
    p.add_argument(
        "--seed",
        type=seed_int,
        metavar="S",
        default=DEFAULT_SEED,
        help=f"root seed, a whole number 0 <= S < 2**64 (default {DEFAULT_SEED}); "
        "same seed -> same numbers",
    )
    p.add_argument(
        "--weeks",
        type=positive_int,
        metavar="W",
        default=None,
        help="horizon in weeks (default: the scenario's, usually 52)",
    )
    add_set_option(p)


def add_set_option(p: argparse.ArgumentParser) -> None:
    """--set PATH=VALUE, repeatable: a parameter changed for this command only."""
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a parameter, e.g. --set russia.transfer_follow_through=0.1 "
        "(repeatable; validated like the file)",
    )


def add_output_options(p: argparse.ArgumentParser, what: str) -> None:
    """--out and --force (which replaces only an earlier result, never other files)."""
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=what)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier result in a non-empty --out directory",
    )


def add_source_options(p: argparse.ArgumentParser, from_help: str) -> None:
    """A SCENARIO to run, or --from a saved result directory (exactly one; checked later)."""
    p.add_argument(
        "scenario", nargs="?", help="scenario name or file (or use --from)"
    ).completer = complete_scenarios
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="DIR", help=from_help)


def check_source(args: argparse.Namespace, command: str) -> None:
    """Exactly one of SCENARIO and --from; a saved result takes no --set or --weeks."""
    if (args.scenario is None) == (args.source is None):
        raise EscalationSimError(f"{command}: give a SCENARIO or --from DIR (exactly one)")
    if args.source is not None and (args.overrides or args.weeks is not None):
        raise EscalationSimError(
            "--set and --weeks change a scenario run; a saved result "
            "(--from) is reported as it was run"
        )


def add_ensemble_options(p: argparse.ArgumentParser, replicates: int = DEFAULT_REPLICATES) -> None:
    p.add_argument(
        "--replicates",
        "-n",
        type=positive_int,
        metavar="N",
        default=replicates,
        help=f"number of replicates (default {replicates})",
    )
    add_scenario_options(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument(
        "--no-resource-check",
        action="store_true",
        help="run even when the estimated disk or memory exceeds what the machine has",
    )


def add_uncertainty_option(p: argparse.ArgumentParser) -> None:
    """--uncertainty N: the parameters a scenario leaves at their defaults drawn from their
    plausible ranges in N sets, the replicates split evenly over them."""
    p.add_argument(
        "--uncertainty",
        type=_whole_number_at_least(2),
        metavar="N",
        help="also vary every parameter the scenario leaves at its default over its plausible "
        "range: N parameter sets (Latin hypercube), the replicates split evenly over them; "
        "each probability then shows its band over the sets",
    )


def check_resources(
    args: argparse.Namespace,
    scenarios: list[Scenario],
    out: Path | None,
    *,
    events: bool = True,
    trajectories: bool = True,
) -> None:
    """Refuse, before anything is written, a run the machine cannot hold (see
    :mod:`escalation_sim.results.budget`)."""
    if args.no_resource_check:
        return
    from ..results.budget import check, estimate

    weeks = max(s.params.horizon_weeks for s in scenarios)
    needs = estimate(
        args.replicates,
        weeks,
        events=events,
        trajectories=trajectories,
        streamed=out is not None,
        ensembles=len(scenarios),
    )
    check(needs, out, "--no-resource-check")


def scenario_from_args(name: str, args: argparse.Namespace) -> Scenario:
    from ..scenarios.loader import Override, load_scenario

    overrides: list[str | Override] = list(args.overrides)
    if getattr(args, "weeks", None) is not None:
        # an error in it names --weeks, the option the user typed
        overrides.append(Override(f"horizon_weeks={args.weeks}", "--weeks"))
    return load_scenario(name, overrides)


@contextmanager
def progress_bar(enabled: bool, label: str, weeks: int = 1):
    """A tqdm bar on stderr when it is a terminal and not ``--quiet``; else a no-op callback.

    The engine reports replicate-weeks; the bar shows runs (replicate-weeks / weeks), so a
    half-finished ensemble of 10,000 reads "5.00k/10.0k runs".
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=1,
        desc=label,
        unit=" runs",
        unit_scale=True,
        leave=False,
        file=sys.stderr,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{unit} "
        "[{elapsed}<{remaining}]",
    )

    def update(done: int, total: int) -> None:
        bar.total = total / weeks
        bar.n = done / weeks
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def run_ensemble(
    scenario: Scenario,
    args: argparse.Namespace,
    *,
    events: bool = True,
    trajectories: bool = True,
    directory: Path | None = None,
) -> EnsembleResult:
    """Simulate with a progress bar; with ``directory``, the tables stream into it."""
    from ..engine.ensemble import simulate

    with progress_bar(not args.quiet, scenario.name, scenario.params.horizon_weeks) as cb:
        return simulate(
            scenario,
            args.replicates,
            args.seed,
            events=events,
            trajectories=trajectories,
            progress=cb,
            directory=directory,
            check_resources=False,  # checked by the command, before it claimed its output
        )


class step:
    """Say on stderr what a command does after its progress bar, and how long it took:
    ``writing tables ... 0.3 s``. Shown where the progress bar is (a terminal, no ``--quiet``);
    a step that fails or is interrupted ends its line with ``failed``.

    ``with step(on, "writing tables"): ...`` times a block. A step that ends in someone else's
    exit (the atomic move of a result directory) is begun with :meth:`begin` and ended by
    passing the step to :meth:`contextlib.ExitStack.push` before that context is entered.
    """

    def __init__(self, enabled: bool, what: str) -> None:
        self.shown = enabled and sys.stderr.isatty()
        self.what = what
        self.start: float | None = None

    def begin(self) -> None:
        import time

        if self.shown:
            print(f"{self.what} ...", end="", file=sys.stderr, flush=True)
        self.start = time.perf_counter()

    def __enter__(self) -> step:
        self.begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        import time

        if self.shown and self.start is not None:
            end = " failed" if exc_type else f" {time.perf_counter() - self.start:.1f} s"
            print(end, file=sys.stderr, flush=True)
        return False


def json_text(data) -> str:
    """``data`` as strict JSON for ``--format json``: a float that is not finite (a NaN from no
    replicates, an infinity a user typed into a file) becomes ``null``, numpy scalars become
    numbers and anything else unknown its text, so every reader can parse it."""
    import json
    import math

    def clean(v):
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
            v = v.item()
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if v is None or isinstance(v, (str, int, float, bool)):
            return v
        return str(v)

    return json.dumps(clean(data), indent=2, allow_nan=False)


def say(text: str = "") -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
