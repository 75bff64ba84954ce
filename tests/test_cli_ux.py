"""The command line as a reader meets it: a fast start, tables that fit the terminal, small
probabilities that keep their meaning, the same words in every command, JSON output and shell
completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from escalation_sim import formatting as fmt
from escalation_sim.cli import main

HEAVY = ("mesa", "pandas", "matplotlib")

#: In a fresh interpreter: run one command, then print which heavy modules it imported.
PROBE = """
import json, sys
from escalation_sim.cli import main
code = main({args!r})
print("\\n@@" + json.dumps([code, [m for m in {heavy!r} if m in sys.modules]]))
"""


def _probe(args: list[str]) -> tuple[int, list[str], str]:
    r = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out, _, tail = r.stdout.rpartition("\n@@")
    code, loaded = json.loads(tail)
    return code, loaded, out


def test_importing_the_cli_loads_no_heavy_module():
    probe = (
        "import sys; import escalation_sim.cli; from escalation_sim.cli.app import build_parser;"
        f" build_parser(); print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "baseline"],
        ["validate", "baseline", "worst_case"],
        ["rules"],
        ["rules", "--format", "json"],
    ],
)
def test_quick_commands_load_neither_mesa_pandas_nor_matplotlib(args):
    code, loaded, out = _probe(args)
    assert code == 0 and out.strip()
    assert loaded == [], f"{' '.join(args)} imported {loaded}"


def test_help_loads_nothing_heavy():
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom escalation_sim.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            f"print('@@', [m for m in {HEAVY!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "usage:" in r.stdout and r.stdout.rstrip().endswith("@@ []")


def test_the_cli_outcome_names_are_the_engines():
    from escalation_sim.cli.common import OUTCOME_NAMES
    from escalation_sim.engine.outcomes import OUTCOMES

    assert OUTCOME_NAMES == OUTCOMES


# --- tables that fit ------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(
    ("command", "phrase"),
    [
        (["list"], "no Russian long-range transfer to the West's adversaries and no ceasefire"),
        (["rules"], "war ladder raised one level (at most to the signalling ceiling)"),
    ],
)
def test_tables_fit_the_terminal(capsys, monkeypatch, width, command, phrase):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(command) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= width
    text = " ".join(" ".join(lines).split())
    # wrapping keeps every word: the longest question and a rule's response survive whole
    assert phrase in text


def test_without_a_terminal_tables_are_not_wrapped(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["list"]) == 0  # captured output is not a terminal: one line per scenario
    out = capsys.readouterr().out
    assert any(
        line.startswith("record_2022_2024 ") and "no ceasefire?" in line
        for line in out.splitlines()
    )


def test_numbers_are_right_aligned_and_names_left():
    text = fmt.text_table(
        [["direct confrontation", "30", "1.5%"], ["  of which by x", "2", "0.1%"]],
        ["Outcome", "runs", "P"],
        width=200,
    )
    _, rule, a, b = text.splitlines()
    assert a.startswith("direct confrontation") and b.startswith("  of which by x")
    assert a.endswith("30  1.5%") and b.endswith(" 2  0.1%")  # right edges line up
    assert len(a) == len(b)
    assert set(rule) <= {"-", " "}


def test_a_table_too_narrow_for_its_text_becomes_blocks():
    long_text = "a sentence of many words " * 6
    text = fmt.text_table([["rule.one", "P1", long_text, long_text]], ["rule", "p", "a", "b"], 60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "rule.one  P1" in text and "  a: a sentence" in text


def test_markdown_keeps_the_of_which_indentation(capsys, tmp_path):
    args = ["run", "baseline", "-n", "200", "-q", "--format", "markdown", "--no-plots"]
    assert main([*args, "--out", str(tmp_path / "r")]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "of which" in line]
    assert rows and all(line.startswith("| &emsp;of which") for line in rows)


# --- probabilities --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "0.0%"),
        (1.0, "100.0%"),
        (0.123, "12.3%"),
        (0.0004, "0.040%"),
        (0.00004, "0.0040%"),
        (0.000012, "0.0012%"),
        (0.9996, "99.960%"),
        (0.99996, "99.9960%"),
        (0.0005, "0.1%"),
    ],
)
def test_small_shares_never_read_as_impossible_or_certain(p, text):
    assert fmt.percent(p) == text


def test_no_interval_collapses_to_zero_when_it_is_not_a_point():
    from escalation_sim.analysis.stats import wilson
    from escalation_sim.analysis.summary import Proportion

    n = 50_000
    for count in (0, 2, n - 2, n):
        low, high = wilson(count, n)
        text = fmt.estimate(Proportion(count / n, low, high))
        shown = text.replace("[", " ").replace("]", " ").replace(",", " ").split()
        # a bound reads 0.0% or 100.0% only where it is exactly 0 or 1
        for value, bound in zip(shown, (count / n, low, high), strict=True):
            assert (value == "0.0%") == (bound == 0) and (value == "100.0%") == (bound == 1), text


# --- the same words everywhere ---------------------------------------------------------------


def test_run_and_compare_name_the_outcomes_alike(capsys, tmp_path):
    assert (
        main(["run", "baseline", "-n", "100", "-q", "--no-plots", "--out", str(tmp_path / "r")])
        == 0
    )
    run_out = capsys.readouterr().out
    assert main(["compare", "baseline", "mediation_push", "-n", "100", "-q"]) == 0
    compare_out = capsys.readouterr().out
    for words in (
        "direct confrontation",
        "regional war",
        "negotiated de-escalation",
        "prolonged confrontation",
    ):
        assert words in run_out and f"outcome: {words}" in compare_out
    assert "deescalation" not in run_out + compare_out


# --- JSON -------------------------------------------------------------------------------------


def test_list_json(capsys):
    assert main(["list", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"baseline", "worst_case"} <= {s["name"] for s in data["scenarios"]}
    assert all(s["question"] for s in data["scenarios"])
    assert "ci_smoke" in {e["name"] for e in data["experiments"]}


def test_validate_json_names_file_field_and_value(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline"\n[russia]\ntransfer_follow_through = 3\n')
    assert main(["validate", str(bad), "baseline", "--format", "json"]) == 2
    records = json.loads(capsys.readouterr().out)
    assert [r["valid"] for r in records] == [False, True]
    problem = records[0]["problems"][0]
    assert problem["file"] == str(bad)
    assert problem["field"] == "russia.transfer_follow_through" and problem["value"] == 3
    assert records[1]["hash"] and records[1]["problems"] == []


def test_explain_json_is_the_chain_of_events(capsys):
    assert main(["explain", "french_trainers", "--replicate", "1", "--format", "json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["scenario"] == "french_trainers" and rec["replicate"] == 1 and rec["seed"] == 1
    assert rec["events"] and all(isinstance(e["paragraphs"], list) for e in rec["events"])
    assert all(e["paragraphs"] and e["paragraphs"][0].startswith("P") for e in rec["events"])
    moved = [e for e in rec["events"] if e["level_before"] is not None]
    assert moved and all(e["theatre"] for e in moved)
    assert rec["outcome"]["class"] in (
        "direct_confrontation",
        "regional_war",
        "negotiated_deescalation",
        "prolonged_confrontation",
    )
    weeks = [k["week"] for k in rec["key_events"]]
    assert weeks == sorted(weeks)


def test_explain_attribute_json(capsys):
    args = ["explain", "french_trainers", "--attribute", "russia.strike_trainers", "-n", "200"]
    assert main([*args, "--format", "json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    direct = next(r for r in rec["outcomes"] if r["outcome"] == "direct_confrontation")
    assert direct["p_with"] > direct["p_without"] and rec["fired_in"] > 0


def test_rules_json_paragraphs_are_lists(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert all(isinstance(r["paragraphs"], list) and r["paragraphs"] for r in rules)


def test_show_json_is_the_resolved_scenario(capsys):
    assert main(["show", "baseline", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["horizon_weeks"] == 52


# --- completion ---------------------------------------------------------------------------------


def test_shell_completion_offers_commands_and_scenarios(tmp_path):
    script = tmp_path / "complete.sh"
    # argcomplete writes its answer to file descriptor 8
    script.write_text(
        f'exec 8>"{tmp_path}/answer"\n'
        f'COMP_LINE="$1" COMP_POINT=${{#1}} _ARGCOMPLETE=1 _ARGCOMPLETE_IFS=" " '
        f"{sys.executable} -m escalation_sim 9>/dev/null\n"
    )
    for line, expected in (
        ("escalation-sim sw", {"sweep"}),
        ("escalation-sim run fr", {"french_trainers"}),
        ("escalation-sim sweep ci", {"ci_smoke"}),
    ):
        subprocess.run(["bash", str(script), line], cwd=tmp_path, timeout=60, check=True)
        offered = set((tmp_path / "answer").read_text().split())
        assert expected <= offered, (line, offered)


def test_simulate_and_the_cli_share_their_defaults(capsys, tmp_path):
    import inspect

    from escalation_sim import simulate

    sig = inspect.signature(simulate).parameters
    assert (sig["replicates"].default, sig["seed"].default) == (2000, 1)
    assert main(["run", "baseline", "-q", "--no-plots", "--out", str(tmp_path / "r")]) == 0
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert (manifest["replicates"], manifest["seed"]) == (2000, 1)


# --- every output is a result ----------------------------------------------------------------


def test_compare_out_can_be_replaced_with_force(capsys, tmp_path):
    out = tmp_path / "cmp"
    args = ["compare", "baseline", "mediation_push", "-n", "60", "-q", "--out", str(out)]
    assert main(args) == 0
    first = json.loads((out / "manifest.json").read_text())
    assert first["output"] == "comparison" and first["complete"]
    assert set(first["files"]) == {p.name for p in out.iterdir()} - {"manifest.json"}
    assert main(args) == 2  # never overwritten silently
    assert "--force" in capsys.readouterr().err
    assert main([*args[:-2], "-n", "80", "--out", str(out), "--force"]) == 0
    assert json.loads((out / "manifest.json").read_text())["replicates"] == 80


# --- nothing silent ---------------------------------------------------------------------------


def test_after_the_progress_bar_each_step_says_what_it_does_and_how_long(tmp_path):
    """In a terminal (a pseudo-terminal here), the steps after the bar are named and timed."""
    import pty
    import re

    leader, follower = pty.openpty()
    out = tmp_path / "r"
    proc = subprocess.Popen(
        [sys.executable, "-m", "escalation_sim", "run", "baseline", "-n", "300", "--out", str(out)],
        stdin=follower,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=300) == 0
    os.close(leader)
    said = b"".join(chunks).decode()
    for what in ("summarising", "writing tables", "drawing plots", "saving"):
        assert re.search(rf"{what}[^\n]* \.\.\. \d+\.\d s", said), (what, said[-800:])


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_the_run_summary_fits_any_terminal_and_loses_nothing(capsys, monkeypatch, tmp_path, width):
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["run", "baseline", "-n", "300", "-q", "--no-plots", "--out", str(tmp_path / "r")]
    assert main(args) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    body = [line for line in lines if not line.startswith(("Question:", "Note:", "Escalation"))]
    assert max(len(line) for line in body) <= width
    words = out.split()
    # a wrapped cell keeps every word
    for name in ("first permission to strike inside Russia", "regional war with Russian-supplied"):
        assert set(name.split()) <= set(words), name


def _characters(text: str):
    """What a table says, whatever its layout: its characters but spaces and rules."""
    from collections import Counter

    return Counter(c for c in "".join(text.split()) if c not in "-|:")


@pytest.mark.parametrize("width", [60, 80, 100])
def test_narrow_terminals_never_cut_a_number(monkeypatch, width):
    """The run summary and the comparison say the same at any width as unwrapped: every
    character of every cell is still there (a squeezed column would cut 96.0% to 96.)."""
    from escalation_sim import simulate
    from escalation_sim.analysis.compare import compare
    from escalation_sim.cli.format import compare_text, summary_text

    a = simulate("baseline", 300, 1, events=False, trajectories=False)
    b = simulate("french_trainers", 300, 1, events=False, trajectories=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    wide = (summary_text(a.summary()), compare_text(compare([a, b])))
    monkeypatch.setenv("COLUMNS", str(width))
    narrow = (summary_text(a.summary()), compare_text(compare([a, b])))
    for w, n in zip(wide, narrow, strict=True):
        assert _characters(n) == _characters(w)
        assert max(len(line) for line in n.splitlines()) <= width


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (-0.0, "0.0%"),
        (-1e-9, "0.0%"),
        (1.00001, "100.0%"),
        (1e-300, "<0.00001%"),
        (1 - 1e-16, ">99.99999%"),
        (float("inf"), "-"),
        (float("nan"), "-"),
        (None, "-"),
    ],
)
def test_percent_edge_cases(p, text):
    assert fmt.percent(p) == text


def test_json_output_is_strict_even_for_values_json_cannot_hold(capsys, tmp_path):
    bad = tmp_path / "nan.toml"
    bad.write_text('extends = "baseline"\n[russia]\ntransfer_follow_through = nan\n')
    assert main(["validate", str(bad), "--format", "json"]) == 2

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    records = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert records[0]["problems"][0]["value"] == "nan"
