"""Inputs of the command line and the library that used to end in ``internal error`` or, worse,
in a silently wrong run: seeds beyond 64 bits, replicate indices beyond the ensemble or int64,
``--weeks`` blamed on ``--set``, an unreadable file among the shipped scenarios, and damaged
saved results read with ``--from``. Each must be one clear line and exit 2 (or a typed error
from the library)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from escalation_sim import simulate
from escalation_sim.cli import main
from escalation_sim.core.rng import REPLICATE_LIMIT, SEED_LIMIT, Streams
from escalation_sim.errors import EscalationSimError, RangeError, ResultError
from escalation_sim.results.store import load_result, save_result


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """``main`` in-process; argparse's own usage errors (SystemExit) count as their exit code."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_clean_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)


# --- seeds: 64 bits, every one of them used; larger ones refused, not wrapped -----------------


@pytest.mark.parametrize("seed", [SEED_LIMIT, SEED_LIMIT + 7, 10**40])
def test_cli_refuses_seeds_of_2_to_the_64_and_more(capsys, tmp_path, seed):
    code, _, err = run_main(
        capsys, "run", "baseline", "-n", "3", "-q", "--no-plots", "--seed", str(seed),
        "--out", str(tmp_path / "r"),
    )  # fmt: skip
    assert_clean_error(code, err, "--seed", "2**64")
    assert not (tmp_path / "r").exists()


def test_the_largest_seed_runs_and_differs_from_its_low_bits(capsys, tmp_path):
    big = simulate("baseline", replicates=40, seed=SEED_LIMIT - 1, events=False)
    low = simulate("baseline", replicates=40, seed=(SEED_LIMIT - 1) & 0xFFFFFFFF, events=False)
    assert not big.outcomes.equals(low.outcomes)
    code, _, err = run_main(
        capsys, "run", "baseline", "-n", "3", "-q", "--no-plots", "--seed", str(SEED_LIMIT - 1),
        "--out", str(tmp_path / "r"),
    )  # fmt: skip
    assert code == 0, err


def test_seed_range_is_in_the_help(capsys):
    code, out, _ = run_main(capsys, "run", "--help")
    assert code == 0 and "2**64" in out


@pytest.mark.parametrize("seed", [-1, SEED_LIMIT, SEED_LIMIT + 7, 1.5, "7"])
def test_library_raises_a_typed_error_for_a_seed_out_of_range(seed):
    with pytest.raises(RangeError) as info:
        simulate("baseline", replicates=2, seed=seed)
    assert "seed" in str(info.value)
    assert isinstance(info.value, EscalationSimError) and isinstance(info.value, ValueError)
    with pytest.raises(RangeError):
        Streams(seed, [0, 1])


# --- replicate indices --------------------------------------------------------------------


@pytest.mark.parametrize("k", [REPLICATE_LIMIT, 99999999999999999999999])
def test_explain_refuses_a_replicate_index_beyond_int64(capsys, k):
    code, _, err = run_main(capsys, "explain", "baseline", "--replicate", str(k))
    assert_clean_error(code, err, "--replicate")


def test_library_refuses_replicate_indices_beyond_the_limit():
    with pytest.raises(RangeError) as info:
        simulate("baseline", replicates=2, seed=1, first_replicate=REPLICATE_LIMIT - 1)
    assert "first_replicate" in str(info.value)
    with pytest.raises(RangeError):
        simulate("baseline", replicates=2, seed=1, first_replicate=-1)


def test_explain_from_a_result_refuses_a_replicate_beyond_its_ensemble(capsys, saved):
    code, _, err = run_main(capsys, "explain", "--from", str(saved), "--replicate", "5")
    assert_clean_error(code, err, "--replicate 5", "0..4")


# --- --weeks is named as itself ---------------------------------------------------------------


def test_weeks_out_of_range_names_weeks_not_set(capsys):
    code, _, err = run_main(capsys, "run", "baseline", "-q", "--no-plots", "--weeks", "6000")
    assert_clean_error(code, err, "--weeks", "6000")
    assert "--set" not in err


def test_set_horizon_still_names_set(capsys):
    code, _, err = run_main(
        capsys, "run", "baseline", "-q", "--no-plots", "--set", "horizon_weeks=6000"
    )
    assert_clean_error(code, err, "--set", "horizon_weeks")


# --- list skips an unreadable file among the shipped scenarios ---------------------------------


def test_list_skips_a_binary_scenario_file_with_a_warning(capsys, tmp_path, monkeypatch):
    from escalation_sim.scenarios import files

    shipped = tmp_path / "shipped"
    shutil.copytree(files.scenarios_dir(), shipped)
    (shipped / "junk.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    (shipped / "latin.toml").write_bytes('name = "café"\n'.encode("latin-1"))
    monkeypatch.setattr(files, "scenarios_dir", lambda: shipped)
    code, out, err = run_main(capsys, "list")
    assert code == 0, err
    assert "baseline" in out and "worst_case" in out
    assert "junk" not in out and "latin" not in out
    assert "warning" in err and "junk.toml" in err and "latin.toml" in err and "UTF-8" in err
    assert "Traceback" not in err and "internal error" not in err


# --- damaged saved results (--from) -----------------------------------------------------------


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("saved") / "res"
    save_result(simulate("baseline", replicates=5, seed=3), out)
    return out


def damaged(saved: Path, tmp_path: Path, damage) -> Path:
    copy = tmp_path / "damaged"
    shutil.copytree(saved, copy)
    damage(copy)
    return copy


def _edit_manifest(change):
    def damage(d: Path) -> None:
        man = json.loads((d / "manifest.json").read_text())
        (d / "manifest.json").write_text(json.dumps(change(man)))

    return damage


def _truncate(name: str, keep: float = 0.5):
    def damage(d: Path) -> None:
        data = (d / name).read_bytes()
        (d / name).write_bytes(data[: int(len(data) * keep)])

    return damage


def _without(key: str):
    return _edit_manifest(lambda m: {k: v for k, v in m.items() if k != key})


def _with(key: str, value):
    return _edit_manifest(lambda m: {**m, key: value})


DAMAGES = {
    "manifest is a list": _edit_manifest(lambda m: [m]),
    "manifest is a number": _edit_manifest(lambda m: 3),
    "manifest not UTF-8": lambda d: (d / "manifest.json").write_bytes(b'{"a": "\xff"}'),
    "manifest truncated": _truncate("manifest.json"),
    "manifest lacks seed": _without("seed"),
    "manifest lacks replicates": _without("replicates"),
    "manifest lacks horizon_weeks": _without("horizon_weeks"),
    "manifest lacks resolved_scenario": _without("resolved_scenario"),
    "manifest lacks tables": _without("tables"),
    "seed is a string": _with("seed", "seven"),
    "replicates negative": _with("replicates", -5),
    "horizon_weeks a list": _with("horizon_weeks", [52]),
    "tables not a list": _with("tables", "outcomes"),
    "resolved_scenario invalid": _with("resolved_scenario", {"name": "../x"}),
    "resolved_scenario a list": _with("resolved_scenario", [1, 2]),
    "outcomes.parquet truncated": _truncate("outcomes.parquet"),
    "events.parquet truncated": _truncate("events.parquet", 0.1),
    "distributions.parquet truncated": _truncate("distributions.parquet"),
    "distributions.parquet empty": _truncate("distributions.parquet", 0.0),
    "outcomes.parquet missing": lambda d: (d / "outcomes.parquet").unlink(),
    "distributions.parquet missing": lambda d: (d / "distributions.parquet").unlink(),
    "outcomes.parquet is junk": lambda d: (d / "outcomes.parquet").write_bytes(b"\xff" * 100),
    "outcomes.parquet is a folder": lambda d: (
        (d / "outcomes.parquet").unlink(),
        (d / "outcomes.parquet").mkdir(),
    ),
    "distributions.parquet holds another table": lambda d: shutil.copy(
        d / "outcomes.parquet", d / "distributions.parquet"
    ),
}


@pytest.mark.parametrize("what", list(DAMAGES))
def test_a_damaged_result_is_a_result_error_naming_the_file(saved, tmp_path, what):
    d = damaged(saved, tmp_path, DAMAGES[what])
    with pytest.raises(ResultError) as info:
        load_result(d)
    assert str(d) in str(info.value)


@pytest.mark.parametrize("what", ["manifest is a list", "outcomes.parquet truncated"])
@pytest.mark.parametrize("command", ["explain", "report"])
def test_from_a_damaged_result_exits_2(capsys, saved, tmp_path, what, command):
    d = damaged(saved, tmp_path, DAMAGES[what])
    extra = ["--out", str(tmp_path / "rep")] if command == "report" else []
    code, _, err = run_main(capsys, command, "--from", str(d), *extra)
    assert_clean_error(code, err, str(d))


def test_an_intact_saved_result_still_loads(saved):
    r = load_result(saved)
    assert r.replicates == 5 and r.seed == 3 and len(r.outcomes) == 5
