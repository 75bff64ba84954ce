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
from ..scenarios.loader import Scenario
from .files import available_experiments, experiments_dir
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
    from .resolve import resolve

    return resolve(spec, data, source)
