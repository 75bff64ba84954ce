"""Fuzzing the scenario loader through the command line: every shipped scenario, mutated.

A seeded generator (``FUZZ_SEED``, default 13) turns each shipped file into damaged variants -
keys deleted, values of the wrong type or out of range (any parameter of the schema), junk
bytes, non-UTF-8 text, truncation, deep nesting, bad names and ``extends`` - and also damages a
parent under an unchanged child. Each variant goes through ``validate FILE`` and ``run FILE -n 3
--no-plots``, in-process, and must end in exit 0 or 2 with no traceback and no "internal
error". The counts (inputs, exit 0, exit 2, other) are printed: ``pytest tests/test_fuzz.py -s``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import re
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from escalation_sim.cli import main
from escalation_sim.scenarios import available_scenarios, load_scenario
from escalation_sim.scenarios.files import scenarios_dir

SEED = int(os.environ.get("FUZZ_SEED", "13"))
#: More variants of each kind, for a longer search outside the suite (``FUZZ_SCALE=10``).
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))

#: Values that are out of range for most parameters (probabilities in [0, 1], weeks >= 1, ...),
#: with a few in range so that some variants run.
OUT_OF_RANGE = [
    -1, -0.001, 1.0001, 2, 5201, 10**30, -(10**30), 1e308, -1e308,
    math.inf, -math.inf, math.nan, 1e-320, 0, 1, 0.5,
]  # fmt: skip
#: Values of the wrong type for almost every field.
WRONG_TYPE = [
    "text", "", True, False, [1, 2], [], {"a": 1}, {}, 3, 0.25,
    dt.datetime(1979, 5, 27, 7, 32), dt.date(2024, 2, 29), [{"week": 2}],
]  # fmt: skip
BAD_NAMES = ["/abs/path", "../../x", "..", "", "a\nb", "nul\x00x", "x" * 5000, "é", ".h", "ok"]
BAD_EXTENDS = ["no_such", "", 5, ["baseline"], "../baseline", "/etc/passwd", "baseline.toml"]


class Deep:
    """A value nested ``depth`` levels (arrays or inline tables), written without recursion."""

    def __init__(self, depth: int, kind: str) -> None:
        self.depth, self.kind = depth, kind

    def toml(self) -> str:
        if self.kind == "list":
            return "[" * self.depth + "1" + "]" * self.depth
        return "{k = " * self.depth + "1" + "}" * self.depth


def toml_value(v) -> str:
    if isinstance(v, Deep):
        return v.toml()
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, (int, dt.date)):
        return v.isoformat() if isinstance(v, dt.date) else str(v)
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml_doc(data: dict) -> str:
    """Top-level keys with inline tables: valid TOML for any parsed document."""
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in data.items())


class Mutator:
    """Damaged variants of one scenario file: ``(kind, bytes)``."""

    def __init__(self, rng: random.Random, name: str) -> None:
        self.rng, self.name = rng, name
        self.raw = (scenarios_dir() / f"{name}.toml").read_bytes()
        self.data = tomllib.loads(self.raw.decode())
        # every parameter of the resolved scenario (events aside): mutations reach the schema
        resolved = load_scenario(name).resolved()
        self.paths = [p for p in _leaf_paths(resolved) if p[0] != "events"]
        self.event_fields = ["week", "actor", "action", "region", "value"]

    @staticmethod
    def _set(data: dict, path: tuple, value) -> None:
        node = data
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = value

    def structured(self, kind: str) -> bytes:
        data = json.loads(json.dumps(self.data, default=str))  # a deep copy
        rng = self.rng
        if kind == "delete":
            keys = list(_key_paths(data))
            path = rng.choice(keys)
            node = data
            for key in path[:-1]:
                node = node[key]
            del node[path[-1]]
        elif kind in ("wrong_type", "out_of_range"):
            pool = WRONG_TYPE if kind == "wrong_type" else OUT_OF_RANGE
            value = rng.choice(pool)
            if rng.random() < 0.2:  # a scheduled event with one bad field
                event = {"week": 2, "actor": "US", "action": "permit_deep_strikes"}
                event[rng.choice(self.event_fields)] = value
                events = data.setdefault("events", [])
                if isinstance(events, list):
                    events.append(event)
            else:
                self._set(data, rng.choice(self.paths), value)
        elif kind == "deep":
            depth = rng.choice([9, 60, 600])
            how = rng.choice(["list", "dict", "keys"])
            if how == "keys":  # a dotted key: tomllib reads it without recursion
                return (toml_doc(data) + "fuzz" + ".k" * depth + " = 1\n").encode()
            self._set(data, rng.choice(self.paths), Deep(depth, how))
        elif kind == "name":
            data["name"] = rng.choice(BAD_NAMES)
        elif kind == "extends":
            data["extends"] = rng.choice([*BAD_EXTENDS, self.name])
        elif kind == "unknown_key":
            path = rng.choice(self.paths)
            self._set(data, (*path[:-1], rng.choice(["bogus", "Narnia", "west"])), 0.5)
        return toml_doc(data).encode()

    def raw_bytes(self, kind: str) -> bytes:
        rng, raw = self.rng, self.raw
        at = rng.randrange(len(raw) + 1)
        if kind == "truncate":
            return raw[:at]
        if kind == "junk":
            return raw[:at] + rng.randbytes(rng.randint(1, 16)) + raw[at:]
        if kind == "non_utf8":
            bad = rng.choice([b"\xff\xfe", b"\xe9", b"\xc3", b"\x80", "é".encode("latin-1")])
            return raw[:at] + bad + raw[at:]
        if kind == "delete_line":
            lines = raw.split(b"\n")
            del lines[rng.randrange(len(lines))]
            return b"\n".join(lines)
        if kind == "binary":
            return rng.randbytes(rng.randint(0, 256))
        if kind == "empty":
            return rng.choice([b"", b"\n\n", b"# nothing here\n", b"   \t\n# x\n"])
        raise ValueError(kind)


STRUCTURED = ("delete", "wrong_type", "out_of_range", "deep", "name", "extends", "unknown_key")
RAW = ("truncate", "junk", "non_utf8", "delete_line", "binary", "empty")
#: Variants per scenario of each kind (1 where not listed).
PER_KIND = {
    "out_of_range": 8, "wrong_type": 6, "delete": 3, "junk": 3, "truncate": 3, "deep": 2,
    "name": 2, "extends": 2, "unknown_key": 2, "non_utf8": 2,
}  # fmt: skip


def _leaf_paths(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaf_paths(v, (*prefix, k))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for i, v in enumerate(data):
            yield from _leaf_paths(v, (*prefix, i))
    else:
        yield prefix


def _key_paths(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*prefix, k)
            yield from _key_paths(v, (*prefix, k))


def inputs(root: Path):
    """``(label, file)`` for every variant, written under ``root``."""
    rng = random.Random(SEED)
    names = available_scenarios()
    parents = {n: tomllib.loads((scenarios_dir() / f"{n}.toml").read_text()) for n in names}
    children = {n: [c for c in names if parents[c].get("extends") == n] for n in names}
    n = 0
    for name in names:
        mutator = Mutator(rng, name)
        for kind in (*STRUCTURED, *RAW):
            for _ in range(PER_KIND.get(kind, 1) * SCALE):
                n += 1
                folder = root / f"{n:04d}"
                folder.mkdir(parents=True)
                data = mutator.structured(kind) if kind in STRUCTURED else mutator.raw_bytes(kind)
                target = folder / f"{name}.toml"
                target.write_bytes(data)
                yield f"{name}:{kind}", target
                # the same damage in a parent, under an unchanged child, which must fail as
                # cleanly
                if children[name] and rng.random() < 0.3:
                    child = rng.choice(children[name])
                    (folder / f"{child}.toml").write_bytes(
                        (scenarios_dir() / f"{child}.toml").read_bytes()
                    )
                    yield f"{child}<-{name}:{kind}", folder / f"{child}.toml"
    chain = root / "chain"
    chain.mkdir()
    for i in range(1000):
        body = f'extends = "c{i + 1}"\n' if i < 999 else 'extends = "baseline"\n'
        (chain / f"c{i}.toml").write_text(body)
    yield "chain of 1000 extends", chain / "c0.toml"


def test_mutated_scenarios_exit_0_or_2_and_never_crash(tmp_path, capsys, record_property):
    started = time.perf_counter()
    counts: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    failures = []
    for i, (label, path) in enumerate(inputs(tmp_path / "in")):
        outcomes = []
        for cmd in (
            ["validate", str(path)],
            ["run", str(path), "-n", "3", "--no-plots", "-q", "--out", str(tmp_path / f"o{i}")],
        ):
            try:
                code = main(cmd)
            except SystemExit as exc:  # argparse usage errors only
                code = exc.code
            err = capsys.readouterr().err
            clean = "Traceback" not in err and "internal error" not in err
            named = code != 2 or str(path.parent) in err  # an error names the file
            if code in (0, 2) and clean and named:
                outcomes.append(code)
            else:
                outcomes.append("other")
                failures.append(f"{label} ({path}): {cmd[0]} exit {code}: {err.strip()[:300]}")
        outcome = "other" if "other" in outcomes else max(outcomes)
        counts["inputs"] += 1
        counts[outcome] += 1
        by_kind.setdefault(label.split(":")[-1], Counter())[outcome] += 1
    seconds = time.perf_counter() - started
    summary = (
        f"fuzz (seed {SEED}): {counts['inputs']} inputs, {counts[0]} exit 0, "
        f"{counts[2]} exit 2, {counts['other']} other, {seconds:.0f} s"
    )
    print(summary)
    record_property("fuzz", summary)
    assert not failures, "\n".join([summary, *failures])
    # not vacuous: every kind of damage produced clear errors, and some variants still ran
    assert counts[0] > 0
    for kind, seen in by_kind.items():
        if kind not in ("delete", "delete_line", "unknown_key", "out_of_range", "name"):
            assert seen[2] > 0, (kind, seen)


@pytest.mark.parametrize("depth", [9, 600])
def test_the_fuzzers_deep_values_are_refused(tmp_path, capsys, depth):
    """The deep-nesting mutation really nests: a check that the fuzz above tests something."""
    p = tmp_path / "deep.toml"
    p.write_text(toml_doc({"name": "deep", "russia": {"show_of_force": Deep(depth, "list")}}))
    assert main(["validate", str(p)]) == 2
    assert re.search(r"nested more than \d+ levels", capsys.readouterr().err)
