"""Never lose a user's files or results (issue 13, points 1-3): ``--force`` replaces only what
escalation-sim wrote, concurrent writers never overwrite each other silently, and killed runs
leave nothing that looks complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from escalation_sim.cli import main
from escalation_sim.errors import OutputError
from escalation_sim.results.outdir import (
    MANIFEST,
    TOOL,
    atomic_dir,
    claim,
    default_out,
    read_manifest,
)

RUN = ("run", "baseline", "-n", "20", "--no-plots", "-q")


def run_main(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def complete(directory: Path) -> bool:
    """An escalation-sim output whose manifest lists files that are all there."""
    manifest = read_manifest(directory)
    return manifest is not None and all((directory / f).is_file() for f in manifest["files"])


# -- 1. --force replaces only what escalation-sim wrote ----------------------------------------
def test_force_never_deletes_a_directory_that_merely_has_a_manifest_json(capsys, tmp_path):
    webapp = tmp_path / "webapp"
    (webapp / "src").mkdir(parents=True)
    (webapp / "manifest.json").write_text('{"name": "my-pwa"}')
    (webapp / "src" / "app.js").write_text("x")
    code, _, err = run_main(capsys, "run", "baseline", "-n", "10", "--out", str(webapp), "--force")
    assert code == 2 and "--force refused" in err and "not an escalation-sim result" in err
    assert (webapp / "src" / "app.js").read_text() == "x"
    assert json.loads((webapp / "manifest.json").read_text()) == {"name": "my-pwa"}


def test_force_refuses_a_result_holding_a_users_file_and_names_it(capsys, tmp_path):
    res = tmp_path / "res"
    assert run_main(capsys, *RUN, "--out", str(res))[0] == 0
    manifest = read_manifest(res)
    assert manifest["tool"] == TOOL and manifest["format_version"] == 1
    assert "outcomes.parquet" in manifest["files"] and MANIFEST not in manifest["files"]
    (res / "notes").mkdir()
    (res / "notes" / "mine.md").write_text("my analysis")
    code, _, err = run_main(capsys, *RUN, "--out", str(res), "--force")
    assert code == 2 and "notes/mine.md was not written by escalation-sim" in err
    assert (res / "notes" / "mine.md").read_text() == "my analysis" and complete(res)


def test_force_replaces_an_earlier_result_with_its_own_files_only(capsys, tmp_path):
    res = tmp_path / "res"
    assert run_main(capsys, "run", "baseline", "-n", "20", "-q", "--out", str(res))[0] == 0
    assert (res / "fan_chart.png").is_file()
    assert run_main(capsys, *RUN, "-n", "30", "--out", str(res), "--force")[0] == 0
    assert read_manifest(res)["replicates"] == 30
    assert not (res / "fan_chart.png").exists(), "the earlier run's plots went with it"
    assert complete(res) and sorted(p.name for p in tmp_path.iterdir()) == ["res"]


@pytest.mark.parametrize("command", ["compare", "report"])
def test_compare_and_report_outputs_can_replace_their_own_earlier_output(capsys, tmp_path, command):
    out = tmp_path / command
    if command == "compare":
        args = ("compare", "baseline", "french_trainers", "-n", "20", "-q", "--out", str(out))
    else:
        args = ("report", "baseline", "-n", "20", "-q", "--out", str(out))
    assert run_main(capsys, *args)[0] == 0
    manifest = read_manifest(out)
    assert manifest["output"] == ("comparison" if command == "compare" else "result")
    assert complete(out)
    assert run_main(capsys, *args)[0] == 2  # not without --force
    assert run_main(capsys, *args, "--force")[0] == 0 and complete(out)


def test_report_from_a_saved_result_lists_its_files_so_force_can_replace_them(capsys, tmp_path):
    res = tmp_path / "res"
    assert run_main(capsys, *RUN, "--out", str(res))[0] == 0
    assert run_main(capsys, "report", "--from", str(res))[0] == 0
    assert {"report.html", "report.md", "fan_chart.png"} <= set(read_manifest(res)["files"])
    assert complete(res) and not [p for p in res.iterdir() if p.name.startswith(".")]
    assert run_main(capsys, *RUN, "--out", str(res), "--force")[0] == 0
    assert not (res / "report.html").exists()


def test_report_from_honours_out(capsys, tmp_path):
    res, rep = tmp_path / "res", tmp_path / "rep"
    assert run_main(capsys, *RUN, "--out", str(res))[0] == 0
    before = sorted(p.name for p in res.iterdir())
    assert run_main(capsys, "report", "--from", str(res), "--out", str(rep))[0] == 0
    assert (rep / "report.html").is_file() and read_manifest(rep)["output"] == "report"
    assert sorted(p.name for p in res.iterdir()) == before, "the saved result is untouched"


def test_a_name_too_long_for_the_file_system_is_a_clear_error(capsys, tmp_path):
    code, _, err = run_main(capsys, *RUN, "--out", str(tmp_path / ("x" * 5000)))
    assert code == 2 and "--out" in err and "internal error" not in err


# -- 2. concurrent writers ---------------------------------------------------------------------
def test_a_held_lock_refuses_and_a_lock_nobody_holds_is_a_leftover(tmp_path):
    """The lock is an exclusive flock on ``.NAME.lock``: a writer that holds it keeps every other
    out, whatever the file says (two writers once both got in while the first had created the
    file but not yet named itself in it); a lock file nobody holds - a killed writer's, the
    kernel released it - is taken over, and no lock file is left behind."""
    import fcntl

    out = tmp_path / "o"
    lock = tmp_path / ".o.lock"
    with claim(out):
        assert lock.read_text().strip() == str(os.getpid())
        assert [p.name for p in tmp_path.iterdir()] == [".o.lock"]
        with pytest.raises(OutputError, match="another escalation-sim process"), claim(out):
            pass  # (a second open file description in this process conflicts too)
    assert not lock.exists()
    # held by someone, even an empty lock that names nobody: refused, not removed
    lock.write_text("")
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(OutputError, match="another escalation-sim process"), claim(out):
            pass
        assert lock.exists()
    finally:
        os.close(fd)
    # released (its writer killed): a leftover, taken over whatever it says
    lock.write_text(f"{os.getpid()}\n")
    with claim(out):
        pass
    assert not lock.exists()


def test_two_writers_to_one_out_one_wins_the_other_stops_before_simulating(tmp_path):
    out = tmp_path / "shared"
    cmd = [sys.executable, "-m", "escalation_sim", "run", "baseline", "-n", "3000", "-q"]
    cmd += ["--no-plots", "--out", str(out)]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        results.append((proc.returncode, err))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert "another escalation-sim process" in loser or "not empty" in loser
    assert complete(out) and read_manifest(out)["replicates"] == 3000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared"]


def test_a_claimed_output_is_refused_while_its_writer_lives(tmp_path):
    out = tmp_path / "busy"
    with atomic_dir(out) as staging:
        with pytest.raises(OutputError, match="another escalation-sim process"):
            with atomic_dir(out):
                pass
        staging.manifest = {"complete": True, "output": "test"}
    assert complete(out)


def test_default_result_folders_are_unique_within_a_second():
    folders = {default_out("baseline") for _ in range(200)}
    assert len(folders) == 200
    assert all(f.parts[:2] == ("results", "baseline") for f in folders)


def test_default_folders_come_from_a_safe_slug_of_the_name():
    assert default_out("../../x").parts[:2] == ("results", "x")
    assert default_out("/abs/path").parts[:2] == ("results", "abs-path")
    assert default_out("").parts[:2] == ("results", "scenario")


# -- 3. no stale partial results ---------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_staging_folders_and_locks_of_dead_processes_are_removed(capsys, tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".old.partial-{dead}-abc123"
    stale.mkdir()
    (stale / MANIFEST).write_text(json.dumps({"tool": TOOL, "files": [], "complete": True}))
    lock = tmp_path / ".res.lock"
    lock.write_text(f"{dead}\n")
    live = tmp_path / f".other.partial-{os.getpid()}-abc123"
    live.mkdir()
    assert run_main(capsys, *RUN, "--out", str(tmp_path / "res"))[0] == 0
    assert not stale.exists() and not lock.exists()
    assert live.exists(), "a live process's staging folder is left alone"


def test_the_manifest_is_the_last_file_written(tmp_path):
    order = []
    with atomic_dir(tmp_path / "res") as staging:
        (staging.path / "a.txt").write_text("a")
        staging.manifest = {"complete": True, "output": "test"}
        order.append(sorted(p.name for p in staging.path.iterdir()))
    assert order == [["a.txt"]]
    assert read_manifest(tmp_path / "res")["files"] == ["a.txt"]


def test_a_killed_run_leaves_nothing_that_looks_complete_and_a_rerun_works(tmp_path):
    """SIGKILL ``run`` at several moments: afterwards the output either is a whole result or
    does not exist, no hidden folder holds a manifest, and a rerun into it succeeds."""
    cmd = [sys.executable, "-m", "escalation_sim", "run", "baseline", "-n", "4000", "-q"]
    outcomes = []
    for i, delay in enumerate((0.5, 2.0, 3.5, 5.0)):
        parent = tmp_path / f"k{i}"
        parent.mkdir()
        out = parent / "res"
        proc = subprocess.Popen([*cmd, "--out", str(out)], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        whole = out.exists()
        assert not whole or complete(out), f"killed at {delay}s: half a result"
        for hidden in (p for p in parent.iterdir() if p.name.startswith(".")):
            assert not (hidden / MANIFEST).exists(), f"killed at {delay}s: {hidden.name}"
        rerun = [sys.executable, "-m", "escalation_sim", *RUN, "--out", str(out)]
        code = subprocess.run([*rerun, *(["--force"] if whole else [])], timeout=300).returncode
        assert code == 0 and complete(out)
        assert sorted(p.name for p in parent.iterdir()) == ["res"], "stale leftovers removed"
        outcomes.append("complete" if whole else "absent")
    assert "absent" in outcomes, outcomes


# -- 7. memory and disk ------------------------------------------------------------------------
def test_a_run_the_machine_cannot_hold_is_refused_before_anything_is_written(capsys, tmp_path):
    out = tmp_path / "huge"
    code, _, err = run_main(capsys, "run", "baseline", "-n", "1000000000000", "--out", str(out))
    assert code == 2 and "would need about" in err and "--no-resource-check" in err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_the_library_refuses_an_ensemble_too_large_for_memory():
    from escalation_sim import simulate
    from escalation_sim.errors import ResourceError

    with pytest.raises(ResourceError, match="check_resources=False"):
        simulate("baseline", replicates=10**12)


def test_estimates_grow_with_what_is_kept_and_the_horizon():
    from escalation_sim.results.budget import estimate

    full = estimate(100_000, 52)
    assert estimate(100_000, 52, events=False, trajectories=False).disk < full.disk
    assert estimate(100_000, 104).disk > full.disk
    assert estimate(100_000, 52, streamed=False).memory > full.memory


def test_a_streamed_result_reads_its_tables_lazily(tmp_path):
    from escalation_sim import simulate
    from escalation_sim.results.stored import StoredTable

    result = simulate("worst_case", replicates=300, seed=2, chunk_size=100, directory=tmp_path)
    assert isinstance(result.events_table, StoredTable)
    assert isinstance(result.trajectories_table, StoredTable)
    in_memory = simulate("worst_case", replicates=300, seed=2)
    assert result.event_counts().equals(in_memory.event_counts())
    one = result.replicate_events(7)
    assert one.astype(str).equals(in_memory.replicate_events(7).astype(str))
    sample = result.sample_trajectories(3)
    assert sorted(sample["replicate"].unique()) == [0, 1, 2]
