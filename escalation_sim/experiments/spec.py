"""Experiments in the vocabulary of exploratory modelling (XLRM, as in the EMA Workbench):

* **uncertainties (X)** - parameters nobody controls, each with a range and a distribution; by
  default the plausible range the scenario schema declares for it;
* **levers (L)** - the West's choices: a parameter set to given values (mediation effort, aid),
  or named options that schedule events (deep-strike permission at week 4, trainers at week 8);
* **relations (R)** - the model itself, run on a base scenario;
* **outcomes (M)** - what is measured per design point (:mod:`.outcomes`).

An experiment file (``experiments/*.toml``) states them; :func:`load_experiment` validates it
against its base scenario, naming file, field and value for every problem. The resolved
:class:`Experiment` is plain, picklable data: it is what a sweep ships to its workers.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Problem, ScenarioError
from ..scenarios.fields import ParameterRange
from ..scenarios.files import format_path
from ..scenarios.loader import Scenario, load_scenario
from ..scenarios.schema import ScheduledEvent
from .outcomes import OUTCOME_CATALOGUE

DESIGNS = ("factorial", "lhs", "sobol", "morris")
DISTRIBUTIONS = ("uniform", "loguniform", "triangular", "truncnormal")

#: Parameters a sweep may not vary: they fix the horizon and what counts as an outcome, so
#: points that differ in them would not answer the same question.
FIXED = ("horizon_weeks", "outcomes.")


#: ``path = "*"`` in ``[[uncertainties]]``: every numeric parameter of the base scenario over
#: its plausible range, except the fixed ones and the start state of the ladders (the record at
#: the start date, not an assumption).
EVERY = "*"


def _fixed(path: str) -> bool:
    return any(path == f or (f.endswith(".") and path.startswith(f)) for f in FIXED)


def _start_state(path: str) -> bool:
    return path in ("ladders.ukraine_initial", "ladders.nato_initial") or (
        path.startswith("recipients.") and path.endswith(".initial_level")
    )


class ExperimentError(ScenarioError):
    """An experiment file or its use is invalid; holds every problem found (file, field,
    value), like :class:`~escalation_sim.errors.ScenarioError`."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UncertaintySpec(_Table):
    path: str = Field(description="dotted parameter path; west.*.x sets every state alike")
    name: str | None = Field(None, description="column name (default: the path)")
    range: tuple[float, float] | None = Field(None, description="[low, high]; default plausible")
    distribution: Literal["uniform", "loguniform", "triangular", "truncnormal"] = "uniform"
    mode: float | None = Field(None, description="peak of a triangular distribution")
    mean: float | None = Field(None, description="mean of a truncated normal")
    sd: float | None = Field(None, gt=0, description="sd of a truncated normal")
    values: list[float] | None = Field(None, description="levels for a factorial design")


class LeverOptionSpec(_Table):
    events: list[dict[str, Any]] = Field(default_factory=list)
    set: dict[str, float | int | bool] = Field(default_factory=dict)


class LeverSpec(_Table):
    name: str | None = None
    description: str = ""
    path: str | None = None
    values: list[float | int | bool] | None = None
    range: tuple[float, float] | None = None
    options: dict[str, LeverOptionSpec] | None = None


class DesignSpec(_Table):
    kind: Literal["factorial", "lhs", "sobol", "morris"] = "lhs"
    samples: int = Field(64, ge=1, le=1_000_000, description="N of the design")
    levels: int = Field(4, ge=2, le=100, description="grid levels (morris, ranged factorial)")
    second_order: bool = Field(False, description="sobol: second-order indices too")


class ExperimentFile(_Table):
    name: str
    question: str = ""
    description: str = ""
    base: str = "baseline"
    seed: int = Field(0, ge=0, lt=2**63)
    replicates: int = Field(20, ge=1, le=1_000_000)
    outcomes: list[str] = Field(default_factory=lambda: list(OUTCOME_CATALOGUE))
    design: DesignSpec = Field(default_factory=DesignSpec)
    uncertainties: list[UncertaintySpec] = Field(default_factory=list)
    levers: list[LeverSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Uncertainty:
    """A sampled factor: one parameter (or the same parameter of every Western state)."""

    name: str
    paths: tuple[str, ...]
    low: float
    high: float
    distribution: str = "uniform"
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None
    integer: bool = False
    values: tuple[float, ...] | None = None  # factorial levels
    kind: str = "uncertainty"  # or "lever" for a lever given as a range

    def salib_bounds(self) -> tuple[list[float], str]:
        """SALib's ``bounds`` and ``dists`` entries for this factor."""
        if self.distribution == "uniform":
            return [self.low, self.high], "unif"
        if self.distribution == "loguniform":
            return [self.low, self.high], "logunif"
        if self.distribution == "triangular":
            return [self.low, self.high, (self.mode - self.low) / (self.high - self.low)], "triang"
        return [self.low, self.high, self.mean, self.sd], "truncnorm"

    def level_values(self, levels: int) -> tuple[float, ...]:
        """The values a factorial design takes: ``values``, else ``levels`` evenly spaced."""
        if self.values is not None:
            return self.values
        step = (self.high - self.low) / (levels - 1)
        out = [self.low + i * step for i in range(levels)]
        return tuple(sorted({round(v) for v in out})) if self.integer else tuple(out)

    def cast(self, value: float) -> float | int:
        """A sampled value as the parameter takes it (whole numbers rounded)."""
        return math.floor(value + 0.5) if self.integer else float(value)


@dataclass(frozen=True)
class LeverOption:
    """One choice of a lever: parameter values and scheduled events."""

    name: str
    set: tuple[tuple[str, Any], ...] = ()
    events: tuple[tuple[tuple[str, Any], ...], ...] = ()


@dataclass(frozen=True)
class Lever:
    """A Western choice crossed with the design: each option is a policy."""

    name: str
    options: tuple[LeverOption, ...]
    description: str = ""


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: base scenario (resolved), factors, design, outcomes."""

    name: str
    base: Scenario
    seed: int
    replicates: int
    design: str
    samples: int
    levels: int
    second_order: bool
    uncertainties: tuple[Uncertainty, ...]
    levers: tuple[Lever, ...]
    outcomes: tuple[str, ...]
    question: str = ""
    description: str = ""
    source: str = "<memory>"
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def hash(self) -> str:
        """SHA-256 of what fixes the results: the resolved base scenario, factors, design,
        seed, replicates and outcomes (not the file's name or wording)."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    @property
    def key(self) -> str:
        """SHA-256 of the experiment's design without the base scenario's values: what a drift
        check compares (a model whose defaults changed is still the same experiment)."""
        data = self.to_dict()
        data.pop("base")
        data.pop("base_hash")
        data["base_name"] = self.base.name
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def to_dict(self) -> dict:
        """The experiment as resolved, plain data (the manifest's ``experiment``)."""
        return {
            "name": self.name,
            "base": self.base.resolved(),
            "base_hash": self.base.hash,
            "seed": self.seed,
            "replicates": self.replicates,
            "design": self.design,
            "samples": self.samples,
            "levels": self.levels,
            "second_order": self.second_order,
            "uncertainties": [u.__dict__ for u in self.uncertainties],
            "levers": [
                {
                    "name": lv.name,
                    "options": {
                        o.name: {
                            "set": dict(o.set),
                            "events": [dict(e) for e in o.events],
                        }
                        for o in lv.options
                    },
                }
                for lv in self.levers
            ],
            "outcomes": list(self.outcomes),
        }


def experiments_dir() -> Path:
    """The folder of the shipped experiments (``experiments/`` in a checkout)."""
    from . import shipped

    return Path(shipped.__file__).parent


def available_experiments() -> list[str]:
    """Names of the shipped experiments."""
    return sorted(p.stem for p in experiments_dir().glob("*.toml"))


def _experiment_path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ExperimentError.single("<experiment>", "no such file", str(name_or_path))
        return path
    shipped = experiments_dir() / f"{name_or_path}.toml"
    if not shipped.is_file():
        known = ", ".join(available_experiments())
        raise ExperimentError.single(
            "<experiment>", f"no shipped experiment of that name; known: {known}", name_or_path
        )
    return shipped


def load_experiment(name_or_path: str | Path, **changes: Any) -> Experiment:
    """Read and validate an experiment file (a shipped name or a path).

    ``changes`` replace top-level fields before validation (``replicates=5``, ``seed=3``,
    ``design={"kind": "lhs", "samples": 8}``), as the command line's options do.

    Raises
    ------
    ExperimentError
        With every problem found: file, field path and bad value.
    """
    path = _experiment_path(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExperimentError.single("<file>", f"not valid TOML: {exc}", file=path) from None
    data.update(changes)
    return experiment_from_dict(data, source=str(path))


def experiment_from_dict(data: dict, source: str = "<memory>") -> Experiment:
    """Validate an experiment given as plain data (the contents of an experiment file)."""
    try:
        spec = ExperimentFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(
                Problem(
                    format_path(tuple(err["loc"])) or "<experiment>", msg, err.get("input"), source
                )
            )
        raise ExperimentError(problems) from None
    return _resolve(spec, data, source)


def _resolve(spec: ExperimentFile, raw: dict, source: str) -> Experiment:
    problems: list[Problem] = []

    def bad(where: str, message: str, value: Any = None, has_value: bool = True) -> None:
        problems.append(Problem(where, message, value, source, has_value))

    base_ref = spec.base
    relative = Path(source).parent / base_ref if source != "<memory>" else None
    try:
        base = load_scenario(relative if relative is not None and relative.is_file() else base_ref)
    except ScenarioError as exc:
        raise ExperimentError(
            [Problem("base", f"cannot load the base scenario: {exc}", base_ref, source)]
        ) from None
    ranges = {r.path: r for r in base.params.parameter_ranges()}
    members = {"west": list(base.params.west), "recipients": list(base.params.recipients)}

    def expand(path: str, where: str) -> list[ParameterRange] | None:
        if _fixed(path):
            bad(where, "cannot be varied: it fixes the horizon or what counts as an outcome", path)
            return None
        parts = path.split(".")
        paths = [path]
        if parts[1:2] == ["*"] and parts[0] in members and len(parts) == 3:
            paths = [f"{parts[0]}.{key}.{parts[2]}" for key in members[parts[0]]]
        found = [ranges.get(p) for p in paths]
        if any(f is None for f in found):
            near = sorted(p for p in ranges if p.split(".")[-1] == parts[-1])[:4]
            hint = f"; did you mean {', '.join(near)}?" if near else "; see 'escalation-sim show'"
            bad(where, f"unknown numeric parameter{hint}", path)
            return None
        return found

    factors: list[Uncertainty] = []
    names: set[str] = set()

    def add_factor(u: UncertaintySpec | LeverSpec, i: int, section: str, kind: str) -> None:
        where = f"{section}[{i}]"
        found = expand(u.path, f"{where}.path")
        if found is None:
            return
        name = u.name or u.path
        if name in names:
            bad(f"{where}.name", "used twice", name)
            return
        names.add(name)
        lows = [f.bounds[0] for f in found if f.bounds[0] is not None]
        highs = [f.bounds[1] for f in found if f.bounds[1] is not None]
        ge, le = (max(lows) if lows else -math.inf), (min(highs) if highs else math.inf)
        if u.range is not None:
            low, high = u.range
        else:
            low, high = max(f.plausible[0] for f in found), min(f.plausible[1] for f in found)
        if not low < high:
            bad(f"{where}.range", "must be [low, high] with low < high", [low, high])
            return
        if low < ge or high > le:
            bad(
                f"{where}.range",
                f"must lie within the parameter's bounds [{ge}, {le}]",
                [low, high],
            )
            return
        values = getattr(u, "values", None)
        if values is not None:
            if not values:
                bad(f"{where}.values", "must list at least one value", values)
                return
            out = [v for v in values if not ge <= v <= le]
            if out:
                bad(f"{where}.values", f"must lie within the parameter's bounds [{ge}, {le}]", out)
                return
        dist = getattr(u, "distribution", "uniform")
        mode, mean, sd = (getattr(u, a, None) for a in ("mode", "mean", "sd"))
        if dist == "triangular" and (mode is None or not low <= mode <= high):
            bad(f"{where}.mode", "a triangular distribution needs low <= mode <= high", mode)
            return
        if dist == "truncnormal" and (mean is None or sd is None):
            bad(f"{where}", "a truncated normal needs mean and sd", has_value=False)
            return
        if dist == "loguniform" and low <= 0:
            bad(f"{where}.range", "a log-uniform distribution needs low > 0", [low, high])
            return
        integer = all(f.integer for f in found)
        factors.append(
            Uncertainty(
                name=name,
                paths=tuple(f.path for f in found),
                low=float(low),
                high=float(high),
                distribution=dist,
                mode=mode,
                mean=mean,
                sd=sd,
                integer=integer,
                values=tuple(float(v) for v in values) if values is not None else None,
                kind=kind,
            )
        )

    for i, u in enumerate(spec.uncertainties):
        if u.path != EVERY:
            add_factor(u, i, "uncertainties", "uncertainty")
            continue
        given = [k for k in ("name", "range", "values", "mode", "mean", "sd") if getattr(u, k)]
        if given or u.distribution != "uniform":
            bad(
                f"uncertainties[{i}]",
                f'path = "{EVERY}" takes no {given[0] if given else "distribution"}',
                has_value=False,
            )
            continue
        taken = {p for f in factors for p in f.paths}
        for r in ranges.values():
            if r.path not in taken and not _fixed(r.path) and not _start_state(r.path):
                add_factor(UncertaintySpec(path=r.path), i, "uncertainties", "uncertainty")

    levers: list[Lever] = []
    for i, lv in enumerate(spec.levers):
        where = f"levers[{i}]"
        given = [x for x in ("values", "range", "options") if getattr(lv, x) is not None]
        if len(given) != 1:
            bad(where, "give exactly one of values, range or options", given)
            continue
        if lv.options is None and lv.path is None:
            bad(f"{where}.path", "a lever with values or a range needs a parameter path", None)
            continue
        if lv.range is not None:
            add_factor(lv, i, "levers", "lever")
            continue
        name = lv.name or lv.path
        if name in names:
            bad(f"{where}.name", "used twice", name)
            continue
        names.add(name)
        if lv.values is not None:
            found = expand(lv.path, f"{where}.path")
            if found is None:
                continue
            if not lv.values:
                bad(f"{where}.values", "must list at least one value", lv.values)
                continue
            options = tuple(
                LeverOption(str(v), set=tuple((f.path, v) for f in found)) for v in lv.values
            )
        else:
            if not lv.options:
                bad(f"{where}.options", "must name at least one option", {})
                continue
            options = []
            for oname, opt in lv.options.items():
                for path in opt.set:
                    expand(path, f"{where}.options.{oname}.set")
                events = []
                for j, ev in enumerate(opt.events):
                    try:
                        ScheduledEvent.model_validate(ev)
                    except ValidationError as exc:
                        e = exc.errors(include_url=False)[0]
                        loc = format_path(tuple(e["loc"]))
                        bad(f"{where}.options.{oname}.events[{j}].{loc}", e["msg"], e.get("input"))
                        continue
                    events.append(tuple(sorted(ev.items())))
                options.append(LeverOption(oname, tuple(opt.set.items()), tuple(events)))
            options = tuple(options)
        levers.append(Lever(name, options, lv.description))

    unknown = [o for o in spec.outcomes if o not in OUTCOME_CATALOGUE]
    if unknown:
        bad("outcomes", f"unknown outcome; known: {', '.join(OUTCOME_CATALOGUE)}", unknown)
    d = spec.design
    sampled = [f for f in factors]
    if d.kind == "sobol" and (d.samples & (d.samples - 1)):
        bad("design.samples", "a Sobol (Saltelli) design needs a power of two", d.samples)
    if d.kind in ("sobol", "morris") and len(sampled) < 2:
        bad("uncertainties", f"a {d.kind} design needs at least two sampled factors", len(sampled))
    if d.kind == "factorial":
        for f in factors:
            if f.distribution != "uniform" and f.values is None:
                bad(
                    "design.kind",
                    f"factorial takes levels, not the distribution of {f.name}",
                    f.distribution,
                )
    if d.kind != "factorial":
        for f in factors:
            if f.values is not None:
                bad(
                    f"uncertainties.{f.name}.values",
                    f"only a factorial design takes values; {d.kind} samples the range",
                    list(f.values),
                )
    if problems:
        raise ExperimentError(problems)

    exp = Experiment(
        name=spec.name,
        base=base,
        seed=spec.seed,
        replicates=spec.replicates,
        design=d.kind,
        samples=d.samples,
        levels=d.levels,
        second_order=d.second_order,
        uncertainties=tuple(factors),
        levers=tuple(levers),
        outcomes=tuple(spec.outcomes),
        question=spec.question,
        description=spec.description,
        source=source,
        raw=raw,
    )
    _check_options(exp)
    return exp


def _check_options(exp: Experiment) -> None:
    """Every lever option must make a valid scenario from the base (events name known actors,
    values within bounds)."""
    from .points import apply_point

    problems = []
    for i, lever in enumerate(exp.levers):
        for option in lever.options:
            try:
                apply_point(exp.base.params, {}, [option])
            except ScenarioError as exc:
                for p in exc.problems:
                    problems.append(
                        Problem(
                            f"levers[{i}].options.{option.name}: {p.field}",
                            p.message,
                            p.value,
                            exp.source,
                            p.has_value,
                        )
                    )
    if problems:
        raise ExperimentError(problems)
