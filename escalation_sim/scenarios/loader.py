"""Loading a scenario: a file and its parents (:mod:`escalation_sim.scenarios.files`), then
``--set`` style overrides, then validation against the schema, into a :class:`Scenario` with a
content hash.

Every problem is reported with the file it came from, the field path and the bad value, all
problems at once, as a :class:`~escalation_sim.errors.ScenarioError`.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ScenarioError
from .fields import FieldError, is_former_constant
from .files import (
    TOO_DEEP,
    available_scenarios,
    check_nesting,
    format_path,
    read_chain,
    resolve_path,
    scenarios_dir,
)
from .schema import ScenarioParams

OVERRIDE_SOURCE = "--set"


@dataclass(frozen=True)
class Override:
    """One ``path.to.param=value`` change and where it was given, which errors name: ``--set``
    by default, ``--weeks`` for the command line's horizon option."""

    text: str
    source: str = OVERRIDE_SOURCE


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: its parameters, where it came from and a content hash.

    Use :func:`load_scenario` to build one from a file or a shipped name.
    """

    params: ScenarioParams
    source: str = "<memory>"
    chain: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.params.name

    def __repr__(self) -> str:
        events = len(self.params.events)
        return (
            f"<Scenario {self.name} from {self.source}: {self.params.horizon_weeks} weeks, "
            f"{events} scheduled event{'s' * (events != 1)}, hash {self.hash[:12]}>"
        )

    def _repr_html_(self) -> str:
        """In Jupyter: the question, the scheduled events and every parameter that differs
        from the defaults, with its meaning and source."""
        import html

        from ..report.assumptions import key_assumptions

        esc = html.escape
        table = key_assumptions(self)
        rows = "".join(
            f"<tr><td><code>{esc(str(r.path))}</code></td><td>{esc(str(r.value))}</td>"
            f"<td>{esc(str(r.default))}</td><td>{esc(str(r.meaning))}</td>"
            f"<td>{esc(str(r.source))}</td></tr>"
            for r in table.itertuples()
        )
        events = "".join(
            f"<li>week {e.week}: {esc(e.actor)} {esc(e.action)}"
            f"{f' ({esc(str(e.region))})' if e.region else ''}"
            f"{f' = {e.value}' if e.value is not None else ''}</li>"
            for e in self.params.events
        )
        chain = " -> ".join(esc(c) for c in self.chain) or esc(self.source)
        return (
            f"<div><p><code>{esc(repr(self))}</code></p>"
            f"<p><b>{esc(self.question)}</b></p><p><small>resolved from {chain}</small></p>"
            f"<p>scheduled events:</p><ul>{events or '<li>none</li>'}</ul>"
            f"<p>parameters that differ from the defaults ({len(table)}):</p>"
            "<table><tr><th>parameter</th><th>value</th><th>default</th><th>meaning</th>"
            f"<th>source</th></tr>{rows}</table></div>"
        )

    @property
    def question(self) -> str:
        return self.params.question

    def resolved(self) -> dict[str, Any]:
        """The fully resolved scenario as plain data (inheritance and overrides applied)."""
        return self.params.model_dump(mode="json")

    @property
    def hash(self) -> str:
        """SHA-256 of the resolved scenario (parameters, events and metadata such as the name):
        equal hashes mean identical scenarios.

        Parameters that used to be constants of the code (``former_constant``) count only when
        they differ from that constant, so a scenario keeps its hash - and results saved before
        the parameter existed keep naming it - while its meaning is unchanged.
        """
        canonical = _without_former_constants(self.params, self.resolved())
        blob = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()


def _without_former_constants(model: BaseModel, data: dict) -> dict:
    """``data`` (the JSON dump of ``model``) without former constants left at their default."""
    out = dict(data)
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if is_former_constant(info) and value == info.default:
            del out[name]
        elif isinstance(value, BaseModel):
            out[name] = _without_former_constants(value, data[name])
        elif isinstance(value, dict):
            out[name] = {
                k: _without_former_constants(v, data[name][k])
                if isinstance(v, BaseModel)
                else data[name][k]
                for k, v in value.items()
            }
    return out


def _to_plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_to_plain(v) for v in data]
    return data


def parse_override(text: str, source: str = OVERRIDE_SOURCE) -> tuple[list[str], Any]:
    """Split ``a.b.c=value`` into a key path and a TOML-typed value (bare words are strings)."""
    if "=" not in text:
        raise ScenarioError.single(source, "expected path.to.param=value", text)
    key, raw = text.split("=", 1)
    path = [k.strip() for k in key.strip().split(".")]
    if not all(path):
        raise ScenarioError.single(source, "empty key in parameter path", text)
    raw = raw.strip()
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    except RecursionError:  # arrays or inline tables nested far too deep for tomllib
        raise ScenarioError.single(
            format_path(tuple(path)), TOO_DEEP, file=source, has_value=False
        ) from None
    check_nesting(value, tuple(path), source)
    return path, value


def _apply_overrides(data: dict, overrides: Sequence[Override], prov: dict[tuple, str]) -> None:
    for override in overrides:
        text, source = override.text, override.source
        path, value = parse_override(text, source)
        node = data
        for i, key in enumerate(path[:-1]):
            if not isinstance(node, dict) or key not in node:
                known = ", ".join(sorted(node)) if isinstance(node, dict) else "-"
                raise ScenarioError.single(
                    ".".join(path[: i + 1]),
                    f"unknown section in override; known: {known}",
                    text,
                    file=source,
                )
            node = node[key]
        if not isinstance(node, dict):
            raise ScenarioError.single(
                ".".join(path), "cannot set a field inside a value", text, file=source
            )
        node[path[-1]] = value
        prov[tuple(path)] = source


def _origin(loc: tuple, prov: dict[tuple, str], default: str) -> str:
    for n in range(len(loc), 0, -1):
        if loc[:n] in prov:
            return prov[loc[:n]]
    return default


def _validate(data: dict, prov: dict[tuple, str], default_file: str) -> ScenarioParams:
    try:
        return ScenarioParams.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            ctx_err = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_err, FieldError):
                problems.append(
                    Problem(
                        ctx_err.path,
                        ctx_err.message,
                        ctx_err.value,
                        _origin(ctx_err.key, prov, default_file),
                    )
                )
                continue
            loc = tuple(err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown field"
            elif msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            has_value = err["type"] != "missing"
            problems.append(
                Problem(
                    format_path(loc) or "<scenario>",
                    msg,
                    err.get("input"),
                    _origin(loc, prov, default_file),
                    has_value,
                )
            )
        raise ScenarioError(problems) from None


def load_scenario(name_or_path: str | Path, overrides: Sequence[str | Override] = ()) -> Scenario:
    """Load, merge (``extends``), override and validate a scenario.

    Parameters
    ----------
    name_or_path
        A shipped scenario name (``"baseline"``) or a path to a ``.toml`` file.
    overrides
        ``"path.to.param=value"`` strings, e.g. ``"russia.transfer_follow_through=0.2"``
        (errors name them ``--set``), or :class:`Override` objects that say where they came
        from.

    Raises
    ------
    ScenarioError
        With every problem found: file, field path and bad value.

    Examples
    --------
    >>> s = load_scenario("baseline", ["horizon_weeks=26"])
    >>> s.params.horizon_weeks
    26
    """
    changes = [o if isinstance(o, Override) else Override(o) for o in overrides]
    path = resolve_path(name_or_path)
    data, prov, chain = read_chain(path, ())
    try:
        params = _validate(data, prov, str(path))
    except ScenarioError as exc:
        if ("name",) not in prov:  # the file states no name: it is the file's own
            for problem in exc.problems:
                if problem.field == "name":
                    problem.message += (
                        "; it is the file name, so rename the file or state a name in it "
                        '(name = "...")'
                    )
        raise
    if changes:
        # overrides address the full parameter tree, defaults included
        data = _to_plain(params.model_dump(mode="python"))
        _apply_overrides(data, changes, prov)
        params = _validate(data, prov, str(path))
    return Scenario(params, str(path), chain, tuple(o.text for o in changes))


def scenario_from_params(params: ScenarioParams | None = None, **changes: Any) -> Scenario:
    """A scenario built in code (Jupyter, tests): defaults plus keyword changes."""
    base = params.model_dump() if params is not None else {"name": "custom"}
    base.update(changes)
    return Scenario(_validate(base, {}, "<memory>"))


__all__ = [
    "Override",
    "Scenario",
    "available_scenarios",
    "load_scenario",
    "parse_override",
    "resolve_path",
    "scenario_from_params",
    "scenarios_dir",
]
