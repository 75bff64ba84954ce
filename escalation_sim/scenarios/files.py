"""Scenario files on disk: the shipped ones, finding a file by name or path, reading TOML and
following ``extends`` chains.

A variant states only what differs from its parent with ``extends = "baseline"``: tables merge
key by key, scheduled ``[[events]]`` are *added* to the parent's, and the metadata keys
(``name``, ``question``, ``description``) belong to each file alone. Every value remembers the
file it came from, so a validation error can name it.

Files are bounded: an ``extends`` chain holds at most :data:`MAX_EXTENDS` files and tables or
arrays nest at most :data:`MAX_NESTING` levels deep, so a generated or corrupted file gets an
error that names it instead of exhausting the interpreter's stack.
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

#: The most files an ``extends`` chain may hold: real variants are two to four files deep.
MAX_EXTENDS = 32

#: How deep tables and arrays may nest in a scenario, counting the file itself as level 1; the
#: deepest real table, ``[west.US]``, is at level 3.
MAX_NESTING = 8
TOO_DEEP = (
    f"nested more than {MAX_NESTING} levels deep (tables or arrays inside one another); "
    "no scenario table is deeper than 3 ([west.US])"
)

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
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.single(
            "<file>", f"not valid TOML: {exc}", file=path, has_value=False
        ) from None
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        raise ScenarioError.single(
            "<file>",
            f"not UTF-8 text (byte 0x{byte:02x} at offset {exc.start}): a scenario file is TOML",
            file=path,
            has_value=False,
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively: far beyond MAX_NESTING
        raise ScenarioError.single("<file>", TOO_DEEP, file=path, has_value=False) from None
    except OSError as exc:
        raise ScenarioError.single(
            "<file>", f"cannot be read: {exc.strerror}", file=path, has_value=False
        ) from None
    if not data:
        # a zero-byte file or one of only comments would silently be every default
        raise ScenarioError.single(
            "<file>",
            "the file is empty (no keys, only blank lines or comments); a scenario states at "
            'least its name or extends = "baseline"',
            file=path,
            has_value=False,
        )
    check_nesting(data, (), path)
    return data


def check_nesting(value: Any, prefix: tuple, source: str | Path) -> None:
    """Raise a :class:`ScenarioError` located at the first path where ``value`` (found at
    ``prefix``) nests tables or arrays beyond :data:`MAX_NESTING` levels.

    Walks with an explicit stack: the value may be deeper than Python's recursion limit.
    """
    todo = [(value, prefix)]
    while todo:
        node, path = todo.pop()
        if isinstance(node, dict):
            children = [(v, (*path, k)) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(v, (*path, i)) for i, v in enumerate(node)]
        else:
            continue
        if len(path) >= MAX_NESTING:
            raise ScenarioError.single(format_path(path), TOO_DEEP, file=source, has_value=False)
        todo.extend(children)


def format_path(path: tuple) -> str:
    """``("events", 0, "week")`` as ``events[0].week``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _keys(data: Any, prefix: tuple = ()):
    """Every key path in ``data``: tables as well as the values in them, so that an error
    about a whole table (unknown, or of the wrong type) finds the file that wrote it."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*prefix, k)
            yield from _keys(v, (*prefix, k))


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
    """Merged data, provenance (field path -> file) and the chain of files, root first.

    ``stack`` holds the files that extend this one (empty for the file asked for). The
    provenance holds a metadata key (``("name",)``) only when the file states it.
    """
    resolved = path.resolve()
    if resolved in stack:
        loop = " -> ".join(p.name for p in (*stack, resolved))
        raise ScenarioError.single(
            "extends", f"circular inheritance ({loop})", path.stem, file=stack[-1]
        )
    if len(stack) >= MAX_EXTENDS:
        raise ScenarioError.single(
            "extends",
            f"an inheritance chain of more than {MAX_EXTENDS} files "
            f"({stack[0].name} -> {stack[1].name} -> ... -> {path.name})",
            path.stem,
            file=stack[-1],
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
        try:
            data, prov, chain = read_chain(parent, (*stack, resolved))
        except ScenarioError as exc:
            for problem in exc.problems:  # an unreadable parent: say who reads it
                if problem.field == "<file>" and problem.file == str(parent):
                    problem.message += f" (extended by {path})"
            raise
        for k in METADATA_KEYS:
            data.pop(k, None)
            prov.pop((k,), None)
    for key in _keys(raw):
        prov[key] = str(path)
    own_events, inherited = raw.get("events"), data.get("events")
    if isinstance(own_events, list):  # anything else is the schema's to reject
        # appended to the parent's (see _merge): the first is numbered after the inherited ones
        offset = len(inherited) if isinstance(inherited, list) else 0
        for i in range(len(own_events)):
            prov[("events", offset + i)] = str(path)
    data = _merge(data, raw)
    data.update(own_meta)
    for k in own_meta:
        prov[(k,)] = str(path)
    data.setdefault("name", path.stem)
    return data, prov, (*chain, str(path))
