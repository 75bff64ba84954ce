"""The command line through its real entry points: success and failure paths, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from escalation_sim.cli import main
from escalation_sim.rules import REGISTRY
from escalation_sim.scenarios.loader import available_scenarios

GOLDEN = Path(__file__).parent / "golden" / "summary_baseline_seed1_n300.json"


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m escalation_sim`` in a subprocess (the installed entry point's code)."""
    return subprocess.run(
        [sys.executable, "-m", "escalation_sim", *args], capture_output=True, text=True, timeout=300
    )


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_lists_commands_with_examples():
    r = cli("--help")
    assert r.returncode == 0
    for cmd in ("run", "compare", "explain", "report", "list", "show", "validate", "rules"):
        assert cmd in r.stdout
    assert "examples:" in r.stdout


@pytest.mark.parametrize(
    "cmd", ["run", "compare", "explain", "report", "list", "show", "validate", "rules"]
)
def test_every_command_help_shows_an_example(capsys, cmd):
    with pytest.raises(SystemExit) as info:
        main([cmd, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"escalation-sim {cmd}" in out


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("escalation-sim")
    r = subprocess.run([str(exe), "list"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for name in available_scenarios():
        assert name in r.stdout


def test_run_writes_results_and_matches_golden_summary(tmp_path):
    out = tmp_path / "run"
    r = cli("run", "baseline", "-n", "300", "--seed", "1", "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    assert "direct confrontation" in r.stdout and "95% CI" in r.stdout
    for f in (
        "outcomes.parquet",
        "events.parquet",
        "trajectories.parquet",
        "quantiles.parquet",
        "summary.json",
        "manifest.json",
        "fan_chart.png",
        "outcomes.png",
        "cumulative_incidence.png",
        "occupancy.png",
        "network.png",
    ):
        assert (out / f).is_file(), f
    # byte for byte: key order and float values are part of the result format
    assert (out / "summary.json").read_text() == GOLDEN.read_text()
    summary = json.loads((out / "summary.json").read_text())
    man = json.loads((out / "manifest.json").read_text())
    assert man["complete"] and man["seed"] == 1 and man["replicates"] == 300
    assert man["scenario_hash"] == summary["scenario_hash"]
    assert "mesa" in man["versions"] and man["command"][:2] == ["escalation-sim", "run"]
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert len(outcomes) == 300


def test_run_is_reproducible_from_the_manifest(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert (
        main(
            [
                "run",
                "worst_case",
                "-n",
                "100",
                "--seed",
                "9",
                "--out",
                str(a),
                "-q",
                "--no-plots",
                "--set",
                "russia.show_of_force=0.3",
            ]
        )
        == 0
    )
    man = json.loads((a / "manifest.json").read_text())
    # the manifest's command line, run again, gives the same numbers
    cmd = man["command"][1:]
    cmd[cmd.index("--out") + 1] = str(b)
    assert main(cmd) == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(a / "outcomes.parquet"), pd.read_parquet(b / "outcomes.parquet")
    )
    # and so does the resolved scenario stored in the manifest, from Python
    from escalation_sim import simulate
    from escalation_sim.results.store import load_result

    ra = load_result(a)
    rb = simulate(ra.scenario, replicates=man["replicates"], seed=man["seed"])
    pd.testing.assert_frame_equal(ra.outcomes, rb.outcomes)


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_run_summary_formats(capsys, tmp_path, fmt):
    code, out, _ = run_main(
        capsys,
        "run",
        "baseline",
        "-n",
        "50",
        "--no-plots",
        "-q",
        "--format",
        fmt,
        "--out",
        str(tmp_path / fmt),
    )
    assert code == 0
    if fmt == "json":
        assert json.loads(out)["replicates"] == 50
    else:
        assert out.startswith("## baseline") and "| Outcome at horizon |" in out


def test_run_refuses_a_non_empty_directory_and_force_replaces_only_results(capsys, tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    args = ("run", "baseline", "-n", "20", "--no-plots", "-q", "--out", str(out))
    code, _, err = run_main(capsys, *args)
    assert code == 2 and "not empty" in err and "--force" in err
    code, _, err = run_main(capsys, *args, "--force")
    assert code == 2 and "not an escalation-sim result" in err
    assert (out / "precious.txt").read_text() == "keep me"
    res = tmp_path / "res"
    assert main(["run", "baseline", "-n", "20", "--no-plots", "-q", "--out", str(res)]) == 0
    code, _, _ = run_main(
        capsys, "run", "baseline", "-n", "30", "--no-plots", "-q", "--out", str(res), "--force"
    )
    assert code == 0 and json.loads((res / "manifest.json").read_text())["replicates"] == 30


def test_out_cannot_be_the_current_directory_or_a_parent(capsys, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for target in (".", ".."):
        code, _, err = run_main(
            capsys, "run", "baseline", "-n", "5", "-q", "--no-plots", "--out", target, "--force"
        )
        assert code == 2 and "current directory" in err, target


def test_a_folder_named_like_a_scenario_does_not_hide_it(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline").mkdir()
    code, out, _ = run_main(capsys, "run", "baseline", "-n", "5", "-q", "--no-plots", "--out", "r")
    assert code == 0 and out.startswith("baseline")


def test_interrupted_run_leaves_nothing_that_looks_whole(capsys, tmp_path, monkeypatch):
    import escalation_sim.results.store as store_mod

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(store_mod, "write_tables", boom)
    out = tmp_path / "half"
    code, _, err = run_main(capsys, "run", "baseline", "-n", "20", "-q", "--out", str(out))
    assert code == 130 and "nothing was written" in err
    assert not out.exists()
    assert not list(tmp_path.iterdir()), "temporary directories are cleaned up"


def test_unwritable_output_is_a_clear_error(capsys, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code, _, err = run_main(
        capsys, "run", "baseline", "-n", "5", "-q", "--out", str(blocker / "sub")
    )
    assert code == 2 and str(blocker) in err and "Traceback" not in err
    code, _, err = run_main(capsys, "run", "baseline", "-n", "5", "-q", "--out", str(blocker))
    assert code == 2 and "not a directory" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "basline"], "did you mean 'baseline'"),
        (
            ["run", "baseline", "--set", "russia.transfer_follow_through=3"],
            "russia.transfer_follow_through",
        ),
        (["run", "baseline", "--set", "russia.nope=1"], "unknown field"),
        (["run", "baseline", "--set", "oops"], "path.to.param=value"),
        (["run", "baseline", "--replicates", "0"], "must be >= 1"),
        (["run", "baseline", "--seed", "-3"], "must be >= 0"),
        (["show", "no_such_scenario"], "no scenario file"),
        (["explain", "baseline"], None),  # fine: replicate 0
    ],
)
def test_bad_input_exits_2_with_one_clear_line(capsys, args, needle):
    if needle is None:
        code, out, _ = run_main(capsys, *args)
        assert code == 0 and "replicate 0" in out
        return
    try:
        code, _, err = run_main(capsys, *args)
    except SystemExit as exc:  # argparse usage errors
        code, err = exc.code, capsys.readouterr().err
    assert code == 2
    assert needle in err and "Traceback" not in err


def test_internal_error_exits_1_with_debug_hint(capsys, monkeypatch):
    import escalation_sim.cli.run as run_mod

    def broken(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(run_mod, "run_ensemble", broken)
    code, _, err = run_main(capsys, "run", "baseline", "-q", "--no-plots")
    assert code == 1 and "kaboom" in err and "--debug" in err and "Traceback" not in err
    code, _, err = run_main(capsys, "--debug", "run", "baseline", "-q", "--no-plots")
    assert code == 1 and "Traceback" in err
    code, _, err = run_main(capsys, "run", "baseline", "-q", "--no-plots", "--debug")
    assert code == 1 and "Traceback" in err  # after the command name too


def test_validate_reports_all_problems_of_all_files(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline"\n[russia]\nshow_of_force = 2.0\n[mediation]\nzzz = 1\n')
    code, out, err = run_main(capsys, "validate", "baseline", str(bad), "french_trainers")
    assert code == 2
    assert "ok: baseline" in out and "ok: french_trainers" in out
    assert "russia.show_of_force" in err and "mediation.zzz" in err and str(bad) in err
    code, out, _ = run_main(capsys, "validate", *available_scenarios())
    assert code == 0 and out.count("ok:") == len(available_scenarios())


def test_show_prints_the_resolved_scenario_as_valid_toml(capsys):
    code, out, _ = run_main(capsys, "show", "worst_case", "--set", "mediation.effort=0.25")
    assert code == 0
    data = tomllib.loads(out)
    assert data["mediation"]["effort"] == 0.25
    assert data["russia"]["transfer_follow_through"] == 0.08
    assert len(data["events"]) == 4
    code, out, _ = run_main(capsys, "show", "baseline", "--format", "json")
    assert json.loads(out)["name"] == "baseline"


def test_rules_lists_every_rule_with_paragraphs(capsys):
    code, out, _ = run_main(capsys, "rules")
    assert code == 0
    for rule in REGISTRY:
        assert rule.id in out
    code, out, _ = run_main(capsys, "rules", "--format", "json")
    assert {r["id"] for r in json.loads(out)} == set(REGISTRY.ids())


def test_rules_json_keeps_its_fields(capsys):
    code, out, _ = run_main(capsys, "rules", "--format", "json")
    assert code == 0
    fields = ["id", "actor", "kind", "paragraphs", "phase", "category", "score", "trigger"]
    for row in json.loads(out):
        assert list(row) == [*fields, "response"], row["id"]
        assert row["kind"] in ("event", "dynamic", "scheduled")


def test_compare_flags_a_real_difference_and_not_a_v_a(capsys, tmp_path):
    code, out, _ = run_main(
        capsys,
        "compare",
        "baseline",
        "deep_strikes_permitted",
        "-n",
        "1500",
        "-q",
        "--out",
        str(tmp_path / "cmp"),
    )
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("event: first long-range transfer "))
    assert line.rstrip().endswith("yes")
    assert (tmp_path / "cmp" / "comparison.csv").is_file()
    assert (tmp_path / "cmp" / "compare_incidence.png").is_file()
    assert (tmp_path / "cmp" / "differences.png").is_file()
    code, out, _ = run_main(capsys, "compare", "baseline", "baseline", "-n", "500", "-q")
    assert code == 0
    rows = [x for x in out.splitlines() if x.startswith(("outcome:", "event:"))]
    assert rows and all(x.rstrip().endswith("no") for x in rows)


def test_compare_needs_two_scenarios(capsys):
    code, _, err = run_main(capsys, "compare", "baseline")
    assert code == 2 and "two" in err


def test_explain_lists_rules_in_causal_order_with_paragraphs(capsys):
    code, out, _ = run_main(
        capsys, "explain", "french_trainers", "--outcome", "direct_confrontation"
    )
    assert code == 0
    lines = out.splitlines()
    events = [x for x in lines if x[:4].strip().isdigit()]
    weeks = [int(x[:4]) for x in events]
    assert weeks == sorted(weeks)
    assert "scenario.deploy_trainers [P4]" in out
    strike = next(i for i, x in enumerate(events) if "russia.strike_trainers [P4,P5]" in x)
    deploy = next(i for i, x in enumerate(events) if "scenario.deploy_trainers" in x)
    assert deploy < strike
    assert "Russia-NATO 2 -> 3" in events[strike]
    assert "outcome: direct confrontation" in out


def test_explain_a_saved_run_and_a_missing_replicate(capsys, tmp_path):
    out = tmp_path / "saved"
    assert main(["run", "worst_case", "-n", "40", "-q", "--no-plots", "--out", str(out)]) == 0
    capsys.readouterr()
    code, text, _ = run_main(capsys, "explain", "--from", str(out), "--replicate", "7")
    assert code == 0 and "replicate 7" in text
    # the saved run and a fresh rerun of replicate 7 tell the same story
    code, fresh, _ = run_main(capsys, "explain", "worst_case", "--replicate", "7")
    assert fresh == text
    code, _, err = run_main(capsys, "explain", "--from", str(out), "--replicate", "99")
    assert code == 2 and "99" in err
    code, _, err = run_main(
        capsys, "explain", "--from", str(out), "--set", "russia.show_of_force=0.1"
    )
    assert code == 2 and "--from" in err
    code, _, err = run_main(capsys, "explain", "--from", str(tmp_path / "nowhere"))
    assert code == 2 and "manifest" in err


def test_report_writes_html_and_markdown(capsys, tmp_path):
    out = tmp_path / "rep"
    code, _, _ = run_main(capsys, "report", "french_trainers", "-n", "200", "-q", "--out", str(out))
    assert code == 0
    html = (out / "report.html").read_text()
    assert "french_trainers" in html and "data:image/png;base64," in html
    assert (out / "report.md").is_file()


def test_report_from_a_saved_run_adds_the_report_and_leaves_no_temporary_files(capsys, tmp_path):
    out = tmp_path / "saved"
    assert main(["run", "baseline", "-n", "80", "-q", "--no-plots", "--out", str(out)]) == 0
    before = {p.name for p in out.iterdir()}
    code, _, err = run_main(capsys, "report", "--from", str(out))
    assert code == 0 and "report.html" in err
    after = {p.name for p in out.iterdir()}
    assert after - before == {
        "report.html",
        "report.md",
        "fan_chart.png",
        "outcomes.png",
        "cumulative_incidence.png",
        "occupancy.png",
        "network.png",
    }
    assert "data:image/png;base64," in (out / "report.html").read_text()


def test_list_without_any_scenario_file_is_an_error_not_an_empty_table(capsys, monkeypatch):
    import escalation_sim.scenarios.files as files

    monkeypatch.setattr(files, "available_scenarios", lambda: [])
    code = main(["list"])
    err = capsys.readouterr().err
    assert code == 2
    assert "no shipped scenarios found" in err and "incomplete" in err
