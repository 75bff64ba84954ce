"""Scenario files on disk: the shipped ones, finding a file by name or path, reading TOML and
following ``extends`` chains.

A variant states only what differs from its parent with ``extends = "baseline"``: tables merge
key by key, scheduled ``[[events]]`` are *added* to the parent's, and the metadata keys
(``name``, ``question``, ``description``) belong to each file alone. Every value remembers the
file it came from, so a validation error can name it.
"""

from __future__ import annotations

import copy
import difflib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ScenarioError

METADATA_KEYS = ("name", "question", "description")

#: The package the shipped scenario files are installed as: the top-level ``scenarios/`` folder
#: of the source tree, mapped into the package by ``pyproject.toml`` (so wheels ship it too).
SHIPPED = "escalation_sim.scenarios.shipped"


def scenarios_dir() -> Path:
    """The folder of the scenarios shipped with escalation-sim."""
    return Path(str(resources.files(SHIPPED)))


def available_scenarios(directory: Path | None = None) -> list[str]:
    """Names of the scenario files in ``directory`` (default: the shipped ones), sorted."""
    d = directory or scenarios_dir()
    return sorted(p.stem for p in d.glob("*.toml"))


def resolve_path(name_or_path: str | Path, *, relative_to: Path | None = None) -> Path:
    """Find a scenario file from a path or a shipped name (``baseline``)."""
    p = Path(name_or_path)
    candidates = []
    # a path only when it looks like one: a folder that happens to be called "baseline" (say,
    # a results directory) must not hide the shipped scenario of that name
    if p.suffix == ".toml" or len(p.parts) > 1 or p.is_file():
        candidates.append(p if p.is_absolute() or relative_to is None else relative_to / p)
        candidates.append(p)
    else:
        if relative_to is not None:
            candidates.append(relative_to / f"{p.name}.toml")
        candidates.append(scenarios_dir() / f"{p.name}.toml")
    for c in candidates:
        if c.is_file():
            return c
    known = available_scenarios()
    close = difflib.get_close_matches(str(name_or_path), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; shipped: {', '.join(known)}"
    raise ScenarioError.single(
        "scenario", f"no scenario file or shipped scenario{hint}", str(name_or_path)
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.single(
            "<file>", f"not valid TOML: {exc}", file=path, has_value=False
        ) from None
    except OSError as exc:
        raise ScenarioError.single(
            "<file>", f"cannot be read: {exc.strerror}", file=path, has_value=False
        ) from None


def _leaves(data: Any, prefix: tuple = ()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*prefix, k))
    else:
        yield prefix, data


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in top.items():
        if key == "events" and isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def read_chain(path: Path, stack: tuple[Path, ...]) -> tuple[dict, dict[tuple, str], tuple]:
    """Merged data, provenance (field path -> file) and the chain of files, root first."""
    resolved = path.resolve()
    if resolved in stack:
        loop = " -> ".join(p.name for p in (*stack, resolved))
        raise ScenarioError.single(
            "extends", f"circular inheritance ({loop})", path.stem, file=stack[-1]
        )
    raw = _read_toml(path)
    parent_name = raw.pop("extends", None)
    own_meta = {k: raw.pop(k) for k in METADATA_KEYS if k in raw}
    if parent_name is None:
        data, prov, chain = {}, {}, ()
    else:
        if not isinstance(parent_name, str):
            raise ScenarioError.single("extends", "must be a scenario name", parent_name, file=path)
        try:
            parent = resolve_path(parent_name, relative_to=path.parent)
        except ScenarioError:
            raise ScenarioError.single(
                "extends", "no such scenario to extend", parent_name, file=path
            ) from None
        data, prov, chain = read_chain(parent, (*stack, resolved))
        for k in METADATA_KEYS:
            data.pop(k, None)
    for leaf, _ in _leaves(raw):
        prov[leaf] = str(path)
    for i, _ in enumerate(raw.get("events", []) or []):
        prov[("events", len(data.get("events", [])) + i)] = str(path)
    data = _merge(data, raw)
    data.update(own_meta)
    data.setdefault("name", path.stem)
    return data, prov, (*chain, str(path))
