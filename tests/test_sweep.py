"""Sweeps: design points stepped as one ensemble, designs, the store, resuming, executors.

The central claims, each tested exactly (no tolerance: the engine is deterministic given the
seed and replicate numbers):

* a batch of design points gives, for every point, exactly the runs its scenario gives alone
  (so per-run parameter arrays broadcast as the single-scenario code does), whatever the
  number of points and replicates - including batches of 3 and 4 runs, the sizes of the
  regions' and the Western states' axes, where a wrong broadcast would pass silently;
* the table does not depend on the batch size, the number of workers or the executor;
* a sweep killed with SIGKILL at any moment and resumed ends with exactly the same table.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from escalation_sim import load_scenario, simulate
from escalation_sim.engine.model import EscalationModel
from escalation_sim.errors import OutputError
from escalation_sim.experiments import (
    ExperimentError,
    LeverOption,
    SweepResult,
    available_experiments,
    experiment_from_dict,
    load_experiment,
    make_design,
    sweep,
)
from escalation_sim.experiments.design import expected_points
from escalation_sim.experiments.executors import SweepError
from escalation_sim.experiments.points import apply_point
from escalation_sim.scenarios.loader import Scenario

ROOT = Path(__file__).resolve().parents[1]

SMALL = {
    "name": "small",
    "base": "baseline",
    "seed": 7,
    "replicates": 6,
    "design": {"kind": "lhs", "samples": 5},
    "uncertainties": [
        {"path": "russia.transfer_follow_through", "range": [0.05, 0.3]},
        {"path": "russia.threat_rate"},
        {"path": "russia.response_window_weeks"},  # an integer parameter
    ],
    "levers": [
        {
            "name": "permission",
            "options": {
                "never": {},
                "week_2": {
                    "events": [
                        {"week": 2, "actor": "US", "action": "permit_deep_strikes"},
                        {"week": 2, "actor": "UK", "action": "permit_deep_strikes"},
                    ]
                },
            },
        }
    ],
}


def small(**changes):
    return experiment_from_dict({**SMALL, **changes})


# -- one batch, many points ----------------------------------------------------------------


ALL_LEVERS = str(ROOT / "tests" / "scenarios" / "all_levers.toml")


def _random_points(count: int, seed: int, base: str = "worst_case") -> list:
    """Points of ``base`` that differ in every parameter a sweep may vary, and in events."""
    base = load_scenario(base)
    ranges = [
        r
        for r in base.params.parameter_ranges()
        if not r.path.startswith(("outcomes.", "ladders.ukraine_initial", "ladders.nato_initial"))
        and not r.path.endswith("initial_level")
    ]
    rng = np.random.default_rng(seed)
    points = []
    while len(points) < count:
        i = len(points)
        values = {}
        for r in ranges:
            v = rng.uniform(*r.plausible)
            values[r.path] = round(v) if r.integer else float(v)
        options = []
        if i % 2:
            event = {"week": 2 + i, "actor": "US", "action": "permit_deep_strikes"}
            options.append(LeverOption("a", events=(tuple(sorted(event.items())),)))
        if i % 3 == 0:
            event = {"week": 3, "actor": "France", "action": "deploy_trainers"}
            options.append(LeverOption("b", events=(tuple(sorted(event.items())),)))
        try:
            points.append(apply_point(base.params, values, options))
        except Exception:  # a combination the schema refuses (e.g. an unreachable spiral)
            continue
    return points


@pytest.mark.parametrize(
    ("points", "replicates", "base"),
    [
        (4, 1, "worst_case"),
        (3, 1, "worst_case"),
        (5, 3, ALL_LEVERS),
        (2, 25, "worst_case"),
        (3, 30, ALL_LEVERS),
    ],
)
def test_points_stepped_together_give_each_points_own_runs(points, replicates, base):
    pts = _random_points(points, seed=points * 100 + replicates, base=base)
    model = EscalationModel(points=pts, replicates=replicates, seed=11, record_events=False)
    model.run()
    got = model.tracker.frame(model.world, model.replicate_ids)
    for i, p in enumerate(pts):
        alone = simulate(Scenario(p), replicates, seed=11, events=False, trajectories=False)
        mine = got[model.point == i].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone.outcomes.reset_index(drop=True)[mine.columns])
    # the points differ, so the check compared different runs
    assert got.groupby(model.point)["escalation_score"].sum().nunique() > 1


def test_equal_points_share_common_random_numbers():
    p = load_scenario("french_trainers").params
    model = EscalationModel(points=[p, p, p], replicates=50, seed=3, record_events=False)
    model.run()
    frame = model.tracker.frame(model.world, model.replicate_ids)
    a, b, c = (frame[model.point == i].reset_index(drop=True) for i in range(3))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    assert (model.replicate_ids == np.tile(np.arange(50), 3)).all()


def test_points_that_differ_in_what_is_shared_are_refused():
    a = load_scenario("baseline").params
    b = load_scenario("baseline", ["horizon_weeks=30"]).params
    with pytest.raises(ValueError, match="horizon"):
        EscalationModel(points=[a, b], replicates=2)
    c = load_scenario("baseline", ["ladders.nato_initial=1"]).params
    with pytest.raises(ValueError, match="ladder_start"):
        EscalationModel(points=[a, c], replicates=2)


# -- designs -------------------------------------------------------------------------------


def test_designs_are_reproducible_from_the_seed_and_have_the_promised_size():
    for kind, extra in [("lhs", {}), ("sobol", {"samples": 8}), ("morris", {"samples": 3})]:
        exp = small(design={"kind": kind, **({"samples": 5} | extra)})
        a, b = make_design(exp), make_design(exp)
        pd.testing.assert_frame_equal(a.frame, b.frame)
        assert a.points == expected_points(exp)
        other = make_design(small(design={"kind": kind, **({"samples": 5} | extra)}, seed=8))
        assert not a.frame.equals(other.frame)
    sobol = make_design(small(design={"kind": "sobol", "samples": 8}))
    assert sobol.points == 2 * 8 * (3 + 2)  # two policies x N (k + 2)


def test_design_values_lie_in_their_ranges_and_integers_are_whole():
    exp = small(design={"kind": "lhs", "samples": 40})
    frame = make_design(exp).frame
    for u in exp.uncertainties:
        assert frame[u.name].between(u.low, u.high).all(), u.name
    windows = frame["russia.response_window_weeks"]
    assert (windows == windows.round()).all()
    assert set(frame["permission"]) == {"never", "week_2"}
    # every policy meets every sample
    by_policy = [
        g.drop(columns=["point", "policy", "permission"]) for _, g in frame.groupby("policy")
    ]
    pd.testing.assert_frame_equal(
        by_policy[0].reset_index(drop=True), by_policy[1].reset_index(drop=True)
    )


def test_factorial_crosses_every_level():
    exp = experiment_from_dict(
        {
            "name": "f",
            "design": {"kind": "factorial", "levels": 3},
            "uncertainties": [
                {"path": "russia.threat_rate", "values": [0.1, 0.2]},
                {"path": "russia.show_of_force", "range": [0.1, 0.3]},
            ],
            "levers": [{"path": "mediation.effort", "values": [0.2, 0.5]}],
        }
    )
    frame = make_design(exp).frame
    assert len(frame) == 2 * 3 * 2 == expected_points(exp)
    assert not frame.drop(columns=["point", "sample", "policy"]).duplicated().any()


def test_every_shipped_experiment_loads_and_its_dry_run_counts_match():
    names = available_experiments()
    assert {"levers_grid", "sobol_main", "morris_screen", "ci_smoke"} <= set(names)
    for name in names:
        exp = load_experiment(name)
        assert make_design(exp).points == expected_points(exp) > 0
    morris = load_experiment("morris_screen")
    assert len(morris.uncertainties) > 150  # path = "*": every assumed parameter


# -- sweeps, the store and executors -------------------------------------------------------


def test_sweep_table_does_not_depend_on_batch_size_or_workers(tmp_path):
    exp = small()
    ref = sweep(exp, tmp_path / "one", batch_points=100)
    assert ref.complete and ref.manifest["batches"] == 1
    runs = ref.runs()
    assert len(runs) == ref.manifest["points"] * exp.replicates
    assert not runs.duplicated(["point", "replicate"]).any()
    for name, kw in [("b1", {"batch_points": 1}), ("b3", {"batch_points": 3, "workers": 2})]:
        other = sweep(exp, tmp_path / name, **kw)
        pd.testing.assert_frame_equal(other.runs(), runs)
        pd.testing.assert_frame_equal(other.points(), ref.points())


def test_a_sweep_point_is_its_scenario_run_alone(tmp_path):
    exp = small(replicates=30)
    result = sweep(exp, tmp_path / "s")
    runs, design = result.runs(), result.design()
    from escalation_sim.experiments.points import point_params

    for point in (0, 7):
        row = design[design.point == point].iloc[0].to_dict()
        alone = simulate(Scenario(point_params(exp, row)), 30, seed=exp.seed, events=False)
        mine = runs[runs.point == point].reset_index(drop=True)
        cols = list(alone.outcomes.columns)
        pd.testing.assert_frame_equal(mine[cols], alone.outcomes[cols].reset_index(drop=True))
        summary = result.points().set_index("point").loc[point]
        expected = (alone.outcomes["outcome"] == "direct_confrontation").mean()
        assert summary["p_direct_confrontation"] == expected
        assert summary["mean_escalation_score"] == alone.outcomes["escalation_score"].mean()


def test_runs_carry_the_design_values_of_their_point(tmp_path):
    result = sweep(small(), tmp_path / "s")
    runs, design = result.runs(), result.design()
    joined = runs.merge(design, on="point", suffixes=("", "_design"))
    for col in ("russia.threat_rate", "permission"):
        assert (joined[col] == joined[f"{col}_design"]).all()
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["experiment"]["seed"] == 7 and manifest["status"] == "complete"
    assert "SALib" not in manifest["versions"] or manifest["versions"]["python"]


def test_dask_cluster_gives_the_same_table_as_processes(tmp_path):
    pytest.importorskip("dask.distributed")
    exp = small()
    local = sweep(exp, tmp_path / "local", batch_points=4)
    dask = sweep(exp, tmp_path / "dask", executor="dask", workers=2, batch_points=3)
    pd.testing.assert_frame_equal(dask.runs(), local.runs())
    pd.testing.assert_frame_equal(dask.points(), local.points())


def test_an_unreachable_scheduler_fails_fast_and_clearly(tmp_path):
    pytest.importorskip("dask.distributed")
    t = time.monotonic()
    with pytest.raises(SweepError, match="cannot reach the Dask scheduler"):
        sweep(small(), tmp_path / "s", executor="dask", scheduler="tcp://127.0.0.1:9")
    assert time.monotonic() - t < 20


def test_resume_refuses_another_experiment_and_plain_reuse_refuses(tmp_path):
    out = tmp_path / "s"
    sweep(small(), out)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*"))
    with pytest.raises(OutputError, match="exists and is not empty"):
        sweep(small(), out)
    with pytest.raises(OutputError, match="another version of this experiment"):
        sweep(small(seed=8), out, resume=True)
    with pytest.raises(OutputError, match="experiment 'small'"):
        sweep(small(name="other"), out, resume=True)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*")) == before
    again = sweep(small(), out, resume=True)  # complete: nothing to do, nothing rewritten
    assert again.complete
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*")) == before


# -- killed and resumed --------------------------------------------------------------------


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "escalation_sim", "sweep", *args]


def _kill_when(cmd: list[str], out: Path, batches_done: int | None, delay: float) -> None:
    """Start ``cmd``; SIGKILL it once ``batches_done`` batch files exist (then after
    ``delay`` seconds more), or ``delay`` seconds after start when ``batches_done`` is None."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        if batches_done is not None:
            while time.monotonic() < deadline and proc.poll() is None:
                runs = out / "runs"
                if runs.is_dir() and len(list(runs.glob("batch-*.parquet"))) >= batches_done:
                    break
                time.sleep(0.005)
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.slow
def test_a_sweep_killed_at_any_moment_resumes_to_the_same_table(tmp_path):
    spec = tmp_path / "kill.toml"
    spec.write_text(
        """
name = "kill"
base = "baseline"
seed = 5
replicates = 40
[design]
kind = "lhs"
samples = 12
[[uncertainties]]
path = "russia.transfer_follow_through"
[[uncertainties]]
path = "ukraine.deep_strike_rate"
[[levers]]
path = "mediation.effort"
values = [0.2, 0.6]
"""
    )
    ref = sweep(load_experiment(spec), tmp_path / "ref", batch_points=1)
    expected_runs, expected_points = ref.runs(), ref.points()
    # kill points: while starting, at the first batch, mid-way, just before the summaries,
    # and twice in a row (the resumed sweep killed too)
    plans = [[(None, 1.0)], [(1, 0.0)], [(8, 0.01)], [(24, 0.0)], [(3, 0.0), (12, 0.0)]]
    interrupted = []
    for n, plan in enumerate(plans):
        out = tmp_path / f"k{n}"
        for i, (batches, delay) in enumerate(plan):
            args = [str(spec), "--out", str(out), "--batch-points", "1", "-q"]
            _kill_when(_cli(*args, *(["--resume"] if i else [])), out, batches, delay)
        stored = len(list((out / "runs").glob("batch-*.parquet"))) if out.is_dir() else 0
        interrupted.append(0 < stored < 24)
        done = subprocess.run(
            _cli(str(spec), "--out", str(out), "--batch-points", "1", "-q", "--resume"),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        result = SweepResult.open(out)
        assert result.complete
        pd.testing.assert_frame_equal(result.runs(), expected_runs)
        pd.testing.assert_frame_equal(result.points(), expected_points)
        leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
        assert leftovers == []
    # the kills did land mid-sweep (the plans at 1, 8 and 3-then-12 batches at least)
    assert sum(interrupted) >= 3, interrupted


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"uncertainties": [{"path": "russia.no_such_rate"}]}, "uncertainties[0].path", "unknown"),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "range": [0.5, 0.2]}]},
            "uncertainties[0].range",
            "low < high",
        ),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "range": [0.3, 0.3]}]},
            "uncertainties[0].range",
            "low < high",
        ),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "range": [0.1, 1.5]}]},
            "uncertainties[0].range",
            "bounds",
        ),
        (
            {
                "uncertainties": [
                    {"path": "russia.threat_rate", "distribution": "triangular", "mode": 2.0}
                ]
            },
            "uncertainties[0].mode",
            "triangular",
        ),
        ({"design": {"kind": "sobol", "samples": 100}}, "design.samples", "power of two"),
        ({"replicates": 0}, "replicates", "greater than or equal to 1"),
        (
            {"uncertainties": [{"path": "horizon_weeks"}]},
            "uncertainties[0].path",
            "cannot be varied",
        ),
        ({"outcomes": ["doom"]}, "outcomes", "unknown outcome"),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "name": "point"}]},
            "uncertainties[0].name",
            "clashes",
        ),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "name": "p_regional_war"}]},
            "uncertainties[0].name",
            "clashes",
        ),
        (
            {
                "uncertainties": [
                    {"path": "russia.threat_rate"},
                    {"path": "russia.threat_rate", "name": "again"},
                ]
            },
            "uncertainties[1]",
            "already varied",
        ),
        (
            {
                "uncertainties": [{"path": "west.US.aid_share"}],
                "levers": [{"path": "west.*.aid_share", "values": [0.1, 0.2]}],
            },
            "uncertainties[0]",
            "already varied by levers[0]",
        ),
        (
            {
                "design": {"kind": "factorial"},
                "uncertainties": [{"path": "russia.response_window_weeks", "values": [2.5, 3]}],
            },
            "uncertainties[0].values",
            "whole numbers",
        ),
        (
            {
                "uncertainties": [
                    {
                        "path": "russia.threat_rate",
                        "distribution": "truncnormal",
                        "mean": 5.0,
                        "sd": 0.1,
                    }
                ]
            },
            "uncertainties[0].mean",
            "within the range",
        ),
        (
            {"uncertainties": [{"path": "russia.threat_rate", "mode": 0.3}]},
            "uncertainties[0].mode",
            "takes no mode",
        ),
        ({"uncertainties": []}, "design.kind", "factorial"),
        (
            {"levers": [{"path": "mediation.effort", "values": [0.1, 0.1]}]},
            "levers[0].values",
            "twice",
        ),
        (
            {
                "levers": [
                    {
                        "name": "x",
                        "options": {
                            "a": {
                                "events": [
                                    {"week": 1, "actor": "Mars", "action": "deploy_trainers"}
                                ]
                            }
                        },
                    }
                ]
            },
            "levers[0].options.a",
            "Mars",
        ),
    ],
)
def test_bad_experiments_name_file_field_and_value(tmp_path, change, field, words):
    with pytest.raises(ExperimentError) as info:
        experiment_from_dict({**SMALL, **change}, source="exp.toml")
    text = str(info.value)
    assert "exp.toml" in text and field in text and words in text, text


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\n[design]\nkind = "sobol"\nsamples = 100\n'
        '[[uncertainties]]\npath = "russia.threat_rate"\n'
        '[[uncertainties]]\npath = "russia.show_of_force"\n'
    )
    out = tmp_path / "out"
    p = subprocess.run(_cli(str(bad), "--out", str(out)), capture_output=True, text=True)
    assert p.returncode == 2
    assert "bad.toml" in p.stderr and "design.samples" in p.stderr and "100" in p.stderr
    assert "Traceback" not in p.stderr and not out.exists()
    broken = tmp_path / "broken.toml"
    broken.write_text("name = [unclosed\n")
    p = subprocess.run(
        _cli(str(broken), "--out", str(out), "--samples", "8"), capture_output=True, text=True
    )
    assert p.returncode == 2 and "broken.toml" in p.stderr and "Traceback" not in p.stderr
    p = subprocess.run(
        _cli("ci_smoke", "--out", str(out), "--replicates", "0"), capture_output=True, text=True
    )
    assert p.returncode == 2 and "--replicates" in p.stderr


def test_a_lever_option_may_set_every_state_and_its_design_column_is_a_number(tmp_path):
    exp = experiment_from_dict(
        {
            "name": "star",
            "design": {"kind": "factorial"},
            "replicates": 2,
            "levers": [
                {"name": "aid", "options": {"low": {"set": {"west.*.aid_share": 0.1}}, "base": {}}},
                {"path": "mediation.effort", "values": [0.3, 0.6]},
            ],
        }
    )
    from escalation_sim.experiments.points import point_params

    frame = make_design(exp).frame
    assert frame["mediation.effort"].dtype.kind == "f"
    low = point_params(exp, frame[frame["aid"] == "low"].iloc[0].to_dict())
    assert {s.aid_share for s in low.west.values()} == {0.1}
    result = sweep(exp, tmp_path / "s")
    assert set(result.points()["mediation.effort"]) == {0.3, 0.6}


def test_a_folder_named_like_a_shipped_experiment_does_not_hide_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ci_smoke").mkdir()
    assert load_experiment("ci_smoke").name == "ci_smoke"


def test_a_base_path_is_relative_to_the_experiment_file_only(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    (tmp_path / "mybase.toml").write_text('extends = "baseline"\nname = "mybase"\n')
    (sub / "e.toml").write_text(
        'name = "e"\nbase = "mybase.toml"\n[[uncertainties]]\npath = "russia.threat_rate"\n'
    )
    monkeypatch.chdir(tmp_path)  # the base is beside the current folder, not the file
    with pytest.raises(ExperimentError, match="base"):
        load_experiment(sub / "e.toml")
    (sub / "mybase.toml").write_text('extends = "baseline"\nname = "mybase"\n')
    assert load_experiment(sub / "e.toml").base.name == "mybase"


def test_executor_errors_leave_the_output_untouched(tmp_path):
    out = tmp_path / "s"
    with pytest.raises(SweepError, match="only the dask executor"):
        sweep(small(), out, scheduler="tcp://127.0.0.1:9")
    assert not out.exists()
    pytest.importorskip("dask.distributed")
    with pytest.raises(SweepError, match="cannot reach"):
        sweep(small(), out, executor="dask", scheduler="tcp://127.0.0.1:9")
    assert not out.exists() or not any(out.iterdir())


def test_a_web_server_at_the_scheduler_address_fails_clearly(tmp_path):
    pytest.importorskip("dask.distributed")
    import http.server
    import threading

    class Quiet(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # the handshake it cannot read is expected
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        t = time.monotonic()
        with pytest.raises(SweepError, match="scheduler"):
            sweep(
                small(),
                tmp_path / "s",
                executor="dask",
                scheduler=f"tcp://127.0.0.1:{server.server_port}",
            )
        assert time.monotonic() - t < 20
    finally:
        server.shutdown()


def test_one_worker_stores_each_batch_before_the_next_runs(tmp_path, monkeypatch):
    import escalation_sim.experiments.sweeps as sw

    seen = []
    original = sw.run_batch

    def spy(exp, rows, seed):
        seen.append(len(list((tmp_path / "s" / "runs").glob("batch-*.parquet"))))
        return original(exp, rows, seed)

    monkeypatch.setattr(sw, "run_batch", spy)
    sweep(small(), tmp_path / "s", batch_points=2)
    assert seen == list(range(len(seen))) and len(seen) > 3


@pytest.mark.slow
def test_workers_end_with_a_killed_sweep(tmp_path):
    """SIGKILL of a sweep with two workers leaves no worker behind."""
    proc = subprocess.Popen(
        _cli(
            "sobol_main",
            "--out",
            str(tmp_path / "s"),
            "--workers",
            "2",
            "--replicates",
            "200",
            "-q",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def children() -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children()) < 2:
        time.sleep(0.1)
    kids = children()
    assert len(kids) >= 2, "the workers did not start"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    alive = kids
    while time.monotonic() < deadline and alive:
        time.sleep(0.2)
        alive = [
            k
            for k in alive
            if Path(f"/proc/{k}").exists()
            and "Z" not in Path(f"/proc/{k}/stat").read_text().split()[2]
        ]
    assert alive == [], f"workers outlived the sweep: {alive}"


def test_sweep_table_files_name_their_sweep_and_concatenate(tmp_path):
    """Every table file of a sweep starts with experiment, experiment_hash and seed and carries
    the manifest as metadata; the API reads them back without those columns."""
    import pyarrow.parquet as pq

    from escalation_sim.experiments import store

    a = sweep(small(replicates=3, seed=1), tmp_path / "a")
    b = sweep(small(replicates=3, seed=2), tmp_path / "b")
    files = [store.DESIGN, store.SAMPLES, store.POINTS, "runs/batch-000000.parquet"]
    for name in files:
        path = tmp_path / "a" / name
        assert pq.read_schema(path).names[:3] == list(store.IDENTITY), name
        meta = json.loads(pq.read_schema(path).metadata[store.MANIFEST_KEY])
        assert meta["experiment_hash"] == a.manifest["experiment_hash"] and meta["seed"] == 1
    assert not set(store.IDENTITY) & set(a.runs().columns)  # the API's layout is unchanged
    both = pd.concat(pd.read_parquet(tmp_path / d / store.POINTS) for d in ("a", "b"))
    assert both.groupby("seed").size().to_dict() == {1: len(a.points()), 2: len(b.points())}
