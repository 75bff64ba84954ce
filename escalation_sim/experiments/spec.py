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
    seed: int = Field(0, ge=0, lt=2**64)
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
        return tuple(sorted({self.cast(v) for v in out})) if self.integer else tuple(out)

    def cast(self, value: float) -> float | int:
        """A sampled value as the parameter takes it. A whole-number parameter takes each whole
        number of its range with an equal share of the range (rounding to the nearest would
        give the two ends half a share each)."""
        if not self.integer:
            return float(value)
        lo, hi = math.ceil(self.low), math.floor(self.high)
        if self.values is not None or self.high <= self.low:
            return math.floor(value + 0.5)  # a listed value, whole already
        share = (value - self.low) / (self.high - self.low)
        return lo + min(max(math.floor(share * (hi - lo + 1)), 0), hi - lo)


@dataclass(frozen=True)
class LeverOption:
    """One choice of a lever: parameter values and scheduled events."""

    name: str
    set: tuple[tuple[str, Any], ...] = ()
    events: tuple[tuple[tuple[str, Any], ...], ...] = ()
    value: Any = None  # the value of a lever given as values (its design column shows it)


@dataclass(frozen=True)
class Lever:
    """A Western choice crossed with the design: each option is a policy."""

    name: str
    options: tuple[LeverOption, ...]
    description: str = ""
    numeric: bool = False  # given as values: the design column holds the value

    def option(self, chosen: Any) -> LeverOption:
        """The option a design row names (its value for a numeric lever, else its name)."""
        if self.numeric:
            return next(o for o in self.options if o.value == chosen)
        return next(o for o in self.options if o.name == chosen)


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
    """An experiment file from a path or a shipped name. A name is a path only when it looks
    like one (``.toml``, a folder part, or an existing file): a results folder that happens to
    be called ``ci_smoke`` must not hide the shipped experiment of that name."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or len(path.parts) > 1 or path.is_file():
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
        raise ExperimentError.single(
            "<file>", f"not valid TOML: {exc}", file=path, has_value=False
        ) from None
    except OSError as exc:
        raise ExperimentError.single(
            "<file>", f"cannot be read ({exc.strerror})", file=path, has_value=False
        ) from None
    for key, value in changes.items():  # a table given as a change is merged into the file's
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
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


#: Column names of a sweep's tables: a factor or lever may not be called so.
RESERVED = frozenset(
    {
        "point",
        "policy",
        "sample",
        "replicate",
        "replicates",
        "policy_label",
        "outcome",
        "outcome_week",
        "outcome_region",
        "direct_path",
        "first_transfer_region",
        "transfers_total",
        "threats_issued",
        "threats_kept",
        "permission_at_horizon",
        "ceasefire_at_horizon",
        "escalation_score",
        "peak_nato",
        "peak_regional",
        *OUTCOME_CATALOGUE,
    }
)


def _load_base(ref: str, source: str) -> Scenario:
    """The base scenario: a shipped name, or a path relative to the experiment file."""
    looks_like_path = ref.endswith(".toml") or "/" in ref or "\\" in ref
    if looks_like_path and source != "<memory>" and not Path(ref).is_absolute():
        target: str | Path = Path(source).parent / ref
    else:
        target = ref
    try:
        return load_scenario(target)
    except ScenarioError as exc:
        raise ExperimentError(
            [
                Problem(
                    "base",
                    f"cannot load the base scenario {ref!r}: {exc}",
                    None,
                    source,
                    has_value=False,
                )
            ]
        ) from None


def _bool_paths(params) -> set[str]:
    """Dotted paths of the scenario's on/off parameters (levers such as trainers_deployed)."""
    out = set()
    for section in ("russia", "ukraine", "mediation", "arms_race", "ladders"):
        model = getattr(params, section)
        out |= {
            f"{section}.{n}" for n, i in type(model).model_fields.items() if i.annotation is bool
        }
    for table in ("west", "recipients"):
        for key, model in getattr(params, table).items():
            out |= {
                f"{table}.{key}.{n}"
                for n, i in type(model).model_fields.items()
                if i.annotation is bool
            }
    return out


def _resolve(spec: ExperimentFile, raw: dict, source: str) -> Experiment:
    problems: list[Problem] = []

    def bad(where: str, message: str, value: Any = None, has_value: bool = True) -> None:
        problems.append(Problem(where, message, value, source, has_value))

    base = _load_base(spec.base, source)
    ranges = {r.path: r for r in base.params.parameter_ranges()}
    bools = _bool_paths(base.params)
    members = {"west": list(base.params.west), "recipients": list(base.params.recipients)}
    taken: dict[str, str] = {}  # parameter path -> where it is varied
    names: set[str] = set()

    def expand(path: str, where: str, allow_bool: bool = False) -> list[str] | None:
        """The concrete paths of ``path`` (``west.*.x``: every state's), or None if bad."""
        if _fixed(path):
            bad(where, "cannot be varied: it fixes the horizon or what counts as an outcome", path)
            return None
        parts = path.split(".")
        paths = [path]
        if parts[1:2] == ["*"] and parts[0] in members and len(parts) == 3:
            paths = [f"{parts[0]}.{key}.{parts[2]}" for key in members[parts[0]]]
        known = set(ranges) | (bools if allow_bool else set())
        if any(p not in known for p in paths):
            near = sorted(p for p in known if p.split(".")[-1] == parts[-1])[:4]
            hint = f"; did you mean {', '.join(near)}?" if near else "; see 'escalation-sim show'"
            bad(where, f"unknown {'' if allow_bool else 'numeric '}parameter{hint}", path)
            return None
        return paths

    def take(paths: list[str], where: str) -> bool:
        clash = [p for p in paths if p in taken]
        if clash:
            bad(where, f"{clash[0]} is already varied by {taken[clash[0]]}", clash[0])
            return False
        taken.update(dict.fromkeys(paths, where))
        return True

    def name_ok(name: str, where: str) -> bool:
        if name in RESERVED or name.startswith(("p_", "mean_")):
            bad(where, "clashes with a column of the sweep's tables; choose another name", name)
            return False
        if name in names:
            bad(where, "used twice", name)
            return False
        names.add(name)
        return True

    def factor(u, where: str, kind: str) -> Uncertainty | None:
        paths = expand(u.path, f"{where}.path")
        if paths is None:
            return None
        found = [ranges[p] for p in paths]
        lows = [f.bounds[0] for f in found if f.bounds[0] is not None]
        highs = [f.bounds[1] for f in found if f.bounds[1] is not None]
        ge, le = (max(lows) if lows else -math.inf), (min(highs) if highs else math.inf)
        if u.range is not None:
            low, high = u.range
        else:
            low, high = max(f.plausible[0] for f in found), min(f.plausible[1] for f in found)
        if not low < high:
            bad(f"{where}.range", "must be [low, high] with low < high", [low, high])
            return None
        if low < ge or high > le:
            within = f"must lie within the parameter's bounds [{ge}, {le}]"
            bad(f"{where}.range", within, [low, high])
            return None
        integer = all(f.integer for f in found)
        values = getattr(u, "values", None)
        if values is not None:
            if not values:
                bad(f"{where}.values", "must list at least one value", values)
                return None
            out = [v for v in values if not ge <= v <= le]
            if out:
                bad(f"{where}.values", f"must lie within the parameter's bounds [{ge}, {le}]", out)
                return None
            if integer and any(float(v) != int(v) for v in values):
                bad(f"{where}.values", "the parameter takes whole numbers only", values)
                return None
            if len(set(values)) != len(values):
                bad(f"{where}.values", "lists a value twice", values)
                return None
        dist = getattr(u, "distribution", "uniform")
        mode, mean, sd = (getattr(u, a, None) for a in ("mode", "mean", "sd"))
        uses = {"triangular": {"mode"}, "truncnormal": {"mean", "sd"}}.get(dist, set())
        extra = [
            k
            for k, v in (("mode", mode), ("mean", mean), ("sd", sd))
            if v is not None and k not in uses
        ]
        if extra:
            bad(
                f"{where}.{extra[0]}",
                f"a {dist} distribution takes no {extra[0]}",
                getattr(u, extra[0]),
            )
            return None
        if dist == "triangular" and (mode is None or not low <= mode <= high):
            bad(f"{where}.mode", "a triangular distribution needs low <= mode <= high", mode)
            return None
        if dist == "truncnormal" and (mean is None or sd is None):
            bad(f"{where}", "a truncated normal needs mean and sd", has_value=False)
            return None
        if dist == "truncnormal" and not low <= mean <= high:
            bad(f"{where}.mean", "must lie within the range of the truncated normal", mean)
            return None
        if dist == "loguniform" and low <= 0:
            bad(f"{where}.range", "a log-uniform distribution needs low > 0", [low, high])
            return None
        if not take(paths, where):
            return None
        return Uncertainty(
            name=u.name or u.path,
            paths=tuple(paths),
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

    # levers first: what they set is not an uncertainty (path = "*" leaves it out)
    levers: list[Lever] = []
    lever_factors: list[Uncertainty] = []
    for i, lv in enumerate(spec.levers):
        where = f"levers[{i}]"
        given = [x for x in ("values", "range", "options") if getattr(lv, x) is not None]
        if len(given) != 1:
            bad(where, "give exactly one of values, range or options", given)
            continue
        if lv.options is None and lv.path is None:
            bad(f"{where}.path", "a lever with values or a range needs a parameter path", None)
            continue
        name = lv.name or lv.path
        if not name_ok(name, f"{where}.name"):
            continue
        if lv.range is not None:
            f = factor(lv, where, "lever")
            if f is not None:
                lever_factors.append(f)
            continue
        if lv.values is not None:
            paths = expand(lv.path, f"{where}.path", allow_bool=True)
            if paths is None:
                continue
            if not lv.values:
                bad(f"{where}.values", "must list at least one value", lv.values)
                continue
            if len({repr(v) for v in lv.values}) != len(lv.values):
                bad(f"{where}.values", "lists a value twice", lv.values)
                continue
            integer = all(ranges[p].integer for p in paths if p in ranges)
            if (
                integer
                and any(not isinstance(v, bool) and float(v) != int(v) for v in lv.values)
                and all(p in ranges for p in paths)
            ):
                bad(f"{where}.values", "the parameter takes whole numbers only", lv.values)
                continue
            if not take(paths, where):
                continue
            options = tuple(
                LeverOption(str(v), set=tuple((p, v) for p in paths), value=v) for v in lv.values
            )
            levers.append(Lever(name, options, lv.description, numeric=True))
            continue
        if not lv.options:
            bad(f"{where}.options", "must name at least one option", {})
            continue
        options = []
        covered: set[str] = set()
        for oname, opt in lv.options.items():
            changes = []
            for path, value in opt.set.items():
                paths = expand(path, f"{where}.options.{oname}.set", allow_bool=True)
                if paths is not None:
                    changes += [(p, value) for p in paths]
                    covered |= set(paths)
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
            options.append(LeverOption(oname, tuple(changes), tuple(events)))
        if take(sorted(covered), where):
            levers.append(Lever(name, tuple(options), lv.description))

    factors: list[Uncertainty] = []
    for i, u in enumerate(spec.uncertainties):
        where = f"uncertainties[{i}]"
        if u.path != EVERY:
            if name_ok(u.name or u.path, f"{where}.name" if u.name else f"{where}.path"):
                f = factor(u, where, "uncertainty")
                if f is not None:
                    factors.append(f)
            continue
        given = [k for k in ("name", "range", "values", "mode", "mean", "sd") if getattr(u, k)]
        if given or u.distribution != "uniform":
            what = given[0] if given else "distribution"
            bad(where, f'path = "{EVERY}" takes no {what}', has_value=False)
            continue
        for r in ranges.values():
            if r.path not in taken and not _fixed(r.path) and not _start_state(r.path):
                names.add(r.path)
                f = factor(UncertaintySpec(path=r.path), where, "uncertainty")
                if f is not None:
                    factors.append(f)
    factors += lever_factors

    unknown = [o for o in spec.outcomes if o not in OUTCOME_CATALOGUE]
    if unknown:
        bad("outcomes", f"unknown outcome; known: {', '.join(OUTCOME_CATALOGUE)}", unknown)
    d = spec.design
    if d.kind == "sobol" and (d.samples & (d.samples - 1)):
        bad("design.samples", "a Sobol (Saltelli) design needs a power of two", d.samples)
    if d.kind in ("sobol", "morris") and len(factors) < 2:
        bad("uncertainties", f"a {d.kind} design needs at least two sampled factors", len(factors))
    if d.kind == "lhs" and not factors:
        bad(
            "design.kind",
            "a Latin hypercube needs a sampled factor; levers alone are a "
            'factorial (kind = "factorial")',
            d.kind,
        )
    if d.kind == "factorial":
        for f in factors:
            if f.distribution != "uniform" and f.values is None:
                why = f"a factorial takes levels, not the distribution of {f.name}"
                bad("design.kind", why, f.distribution)
    else:
        for f in factors:
            if f.values is not None:
                why = f"only a factorial design takes values; {d.kind} samples the range"
                bad(f"uncertainties.{f.name}.values", why, list(f.values))
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
