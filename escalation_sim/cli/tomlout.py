"""A small TOML writer for resolved scenarios (tables of scalars and arrays of tables)."""

from __future__ import annotations

import json


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as a TOML value")


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else json.dumps(k)


def dumps(data: dict, prefix: str = "") -> str:
    """TOML text for nested dicts; ``None`` values are omitted (TOML has no null)."""
    lines, tables, arrays = [], [], []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            arrays.append((k, v))
        elif v is not None:
            lines.append(f"{_key(k)} = {_value(v)}")
    out = "\n".join(lines)
    for k, v in tables:
        name = f"{prefix}{_key(k)}"
        inner = dumps(v, f"{name}.")
        scalars = any(not isinstance(x, dict) for x in v.values())
        out += (f"\n\n[{name}]\n" if scalars or not v else "\n") + inner
    for k, v in arrays:
        for item in v:
            out += f"\n\n[[{prefix}{_key(k)}]]\n" + dumps(item)
    return out.strip("\n")
