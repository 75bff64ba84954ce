"""Checking an experiment file against its base scenario and resolving it.

Paths become the base's concrete parameters (``west.*.x`` every state's, ``path = "*"`` every
assumed parameter), ranges default to the schema's plausible ones and must lie within its
bounds, a parameter may be varied once only, names may not clash with the sweep's table
columns, and every lever option must make a valid scenario. All problems are reported together,
each naming the file, the field and the value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..scenarios.files import format_path
from ..scenarios.loader import Scenario, load_scenario
from ..scenarios.schema import ScheduledEvent
from .outcomes import OUTCOME_CATALOGUE
from .spec import (
    EVERY,
    Experiment,
    ExperimentError,
    ExperimentFile,
    Lever,
    LeverOption,
    Uncertainty,
    UncertaintySpec,
    _fixed,
    _start_state,
)

#: Column names of a sweep's tables: a factor or lever may not be called so.
RESERVED = frozenset(
    {
        "experiment",  # the identity columns of every table file (experiments.store)
        "experiment_hash",
        "seed",
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


def resolve(spec: ExperimentFile, raw: dict, source: str) -> Experiment:
    """The :class:`Experiment` an experiment file states, checked against its base
    scenario: every problem found is reported at once (file, field, value)."""
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
