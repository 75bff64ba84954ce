"""Docs match the code: paragraph coverage, generated tables, README commands, CI, lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from escalation_sim.docgen import render
from escalation_sim.rules import REGISTRY
from escalation_sim.rules.base import PARAGRAPHS

ROOT = Path(__file__).resolve().parents[1]
MODEL_MD = ROOT / "docs" / "model.md"


def test_every_paragraph_has_a_rule_and_every_rule_a_paragraph():
    by_p = REGISTRY.by_paragraph()
    assert set(by_p) == {f"P{i}" for i in range(1, 15)}
    missing = [p for p, rules in by_p.items() if not rules]
    assert not missing, f"paragraphs without a rule: {missing}"
    for rule in REGISTRY:
        assert rule.paragraphs and set(rule.paragraphs) <= set(PARAGRAPHS), rule.id
        assert rule.__doc__ and rule.trigger and rule.response, rule.id


def test_every_rule_docstring_cites_its_paragraphs():
    for rule in REGISTRY:
        doc = rule.__doc__ or ""  # a lever's docstring is its instance's
        assert any(p in doc for p in rule.paragraphs), rule.id


def test_model_doc_generated_sections_are_up_to_date():
    text = MODEL_MD.read_text()
    assert render(text) == text, "run: python -m escalation_sim.docgen docs/model.md"


def test_model_doc_maps_every_paragraph_and_names_every_rule():
    text = MODEL_MD.read_text()
    parts = re.split(r"^### (?:[\d.]+ )?From paragraphs to rules$", text, maxsplit=1, flags=re.M)
    assert len(parts) == 2, "docs/model.md has no 'From paragraphs to rules' section"
    section = parts[1].split("## ", 1)[0]
    for p in PARAGRAPHS:
        assert re.search(rf"^\| {p} \|", section, re.M), p
    for rid in REGISTRY.ids():
        assert f"`{rid}`" in text, rid
    # the paragraph map lists, for each rule, only paragraphs that rule cites
    for line in section.splitlines():
        m = re.match(r"^\| (P\d+) \|", line)
        if not m:
            continue
        for rid in re.findall(r"`([a-z_]+\.[a-z_]+)`", line):
            assert m.group(1) in REGISTRY[rid].paragraphs, (m.group(1), rid)


# -- docs/model.md follows the ODD protocol (Grimm et al. 2006, 2020) ------------------------
#: The ``##`` sections, in order: the seven ODD elements (ODD 2020 names; "Initialization" in
#: either spelling), then validation.
ODD_SECTIONS = (
    ("Purpose and patterns", r"purpose and patterns"),
    ("Entities, state variables and scales", r"entities, state variables,? and scales"),
    ("Process overview and scheduling", r"process overview and scheduling"),
    ("Design concepts", r"design concepts"),
    ("Initialisation", r"initiali[sz]ation"),
    ("Input data", r"input data"),
    ("Submodels", r"submodels"),
    ("Validation", r"validation"),
)
#: The ``###`` subsections of "Design concepts", in the order of ODD 2020.
DESIGN_CONCEPTS = (
    "Basic principles",
    "Emergence",
    "Adaptation",
    "Objectives",
    "Learning",
    "Prediction",
    "Sensing",
    "Interaction",
    "Stochasticity",
    "Collectives",
    "Observation",
)
GENERATED = re.compile(r"<!-- BEGIN GENERATED: (\w+) -->\n(.*?)<!-- END GENERATED: \1 -->", re.S)
FENCE = re.compile(r"^\s*```[^\n]*\n(.*?)^\s*```", re.S | re.M)


def _headings(text: str, level: int) -> list[tuple[str, int]]:
    """(title without its number, offset) of every heading of ``level`` outside code fences."""
    bare = FENCE.sub(lambda m: " " * len(m.group(0)), text)
    return [
        (re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", m.group(1)).strip(), m.start())
        for m in re.finditer(rf"^{'#' * level} (.+)$", bare, re.M)
    ]


def _section(text: str, pattern: str) -> str:
    """The body of the ``##`` section whose title matches ``pattern`` ('' if there is none)."""
    heads = _headings(text, 2)
    for i, (title, start) in enumerate(heads):
        if re.fullmatch(pattern, title, re.I):
            end = heads[i + 1][1] if i + 1 < len(heads) else len(text)
            return text[start:end]
    return ""


def _hand_written(text: str) -> str:
    return GENERATED.sub("", text)


def _code(text: str) -> str:
    """Everything inside code spans and fenced blocks, where names and equations are written."""
    blocks = FENCE.findall(text)
    spans = re.findall(r"`([^`\n]+)`", FENCE.sub("", text))
    return "\n".join([*blocks, *spans])


def odd_structure_problems(text: str) -> list[str]:
    """Missing or misordered ODD sections and design concepts."""
    problems = []
    titles = _headings(text, 2)
    found = []
    for name, pattern in ODD_SECTIONS:
        at = [start for title, start in titles if re.fullmatch(pattern, title, re.I)]
        if not at:
            problems.append(f"no '## {name}' section")
        else:
            found.append((at[0], name))
    if [n for _, n in sorted(found)] != [n for _, n in found]:
        problems.append(f"ODD sections out of order: {[n for _, n in sorted(found)]}")
    concepts = _section(text, ODD_SECTIONS[3][1])
    subs = [title.lower() for title, _ in _headings(concepts, 3)]
    at = []
    for concept in DESIGN_CONCEPTS:
        if concept.lower() not in subs:
            problems.append(f"no '### {concept}' under Design concepts")
        else:
            at.append(subs.index(concept.lower()))
    if at != sorted(at):
        problems.append("design concepts out of the ODD order")
    return problems


def rule_problems(text: str) -> list[str]:
    """Rules the hand-written Submodels section does not describe."""
    submodels = _hand_written(_section(text, ODD_SECTIONS[6][1]))
    return [
        f"rule {rid} not described in Submodels"
        for rid in REGISTRY.ids()
        if f"`{rid}`" not in submodels and rid not in _code(submodels)
    ]


def parameter_problems(text: str) -> list[str]:
    """Parameters missing from their table of the parameter tables, or never named in the
    hand-written text (an equation, a table of initial values, ...)."""
    from escalation_sim.scenarios.schema import ScenarioParams

    tables: dict[str, str] = {}
    generated = dict(GENERATED.findall(text)).get("parameters", "")
    for m in re.finditer(
        r"^\*\*`\[([a-z_]+)[^\]]*\]`\*\*$(.*?)(?=^\*\*`\[|\Z)", generated, re.S | re.M
    ):
        tables[m.group(1)] = m.group(2)
    code = _code(_hand_written(text))
    problems = []
    for path in sorted({r.path for r in ScenarioParams(name="x").parameter_ranges()}):
        table, name = path.split(".")[0], path.split(".")[-1]
        if not re.search(rf"^\| `{name}` \|", tables.get(table, ""), re.M):
            problems.append(f"{path}: no row in the [{table}] parameter table")
        if not re.search(rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])", code):
            problems.append(f"{path}: not named outside the generated tables")
    return sorted(set(problems))


def state_problems(text: str) -> list[str]:
    """World fields that section 2 (Entities, state variables and scales) does not name."""
    from dataclasses import fields

    from escalation_sim.core.world import World

    entities = _section(text, ODD_SECTIONS[1][1])
    return [
        f"World.{f.name} not in section 2" for f in fields(World) if f"`{f.name}`" not in entities
    ]


def test_model_doc_follows_the_odd_protocol():
    text = MODEL_MD.read_text()
    assert odd_structure_problems(text) == []
    assert rule_problems(text) == []
    assert parameter_problems(text) == []
    assert state_problems(text) == []


def test_the_odd_checks_catch_what_they_are_for():
    """Each check fails on a copy of docs/model.md with one defect."""
    text = MODEL_MD.read_text()
    swapped = (
        text.replace("## 3. Process overview and scheduling", "## 3. @@")
        .replace("## 6. Input data", "## 6. Process overview and scheduling")
        .replace("## 3. @@", "## 3. Input data")
    )
    assert swapped != text
    assert any("out of order" in p for p in odd_structure_problems(swapped))
    no_init = re.sub(r"^## 5\. Initiali[sz]ation$", "## 5. Start", text, flags=re.M)
    assert odd_structure_problems(no_init) == ["no '## Initialisation' section"]
    no_learning = re.sub(r"^### 4\.5 Learning$", "### 4.5 Memory", text, flags=re.M)
    assert odd_structure_problems(no_learning) == ["no '### Learning' under Design concepts"]
    renamed = text.replace("russia.lapse_cobelligerence", "russia.lapse_stance")
    assert rule_problems(renamed) == ["rule russia.lapse_cobelligerence not described in Submodels"]
    unnamed = text.replace("cobelligerence_hysteresis", "hysteresis")
    assert parameter_problems(unnamed) == [
        "russia.cobelligerence_hysteresis: no row in the [russia] parameter table",
        "russia.cobelligerence_hysteresis: not named outside the generated tables",
    ]
    assert state_problems(text.replace("`since_decision`", "since_decision")) == [
        "World.since_decision not in section 2"
    ]


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", quick, re.S)


def test_readme_quickstart_has_exactly_two_commands_and_ci_runs_the_test_one():
    cmds = quickstart_commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    run_cmd, test_cmd = cmds
    assert "escalation-sim run baseline" in run_cmd
    assert "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmd in ci.splitlines()
    assert "|| true" not in ci and "set -euo pipefail" in ci


def test_readme_mentions_every_shipped_scenario():
    from escalation_sim import available_scenarios

    readme = (ROOT / "README.md").read_text()
    for name in available_scenarios():
        assert f"`{name}`" in readme, name


def test_ruff_is_clean():
    """ruff comes with the [test] extra, beside this interpreter."""
    ruff = Path(sys.executable).with_name("ruff")
    ruff = str(ruff) if ruff.exists() else shutil.which("ruff")
    assert ruff, "ruff not found: install the [test] extra"
    out = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_is_pure():
    """The core, the rules, the engine and the parameter schema import no plotting, CLI, result
    storage, report or file I/O (STYLE 2); ``engine/ensemble.py`` may load a scenario by name."""
    import ast

    pkg = ROOT / "escalation_sim"
    FILE_IO = ("loader.py", "files.py", "__init__.py")  # the scenario modules that read files
    pure = [
        *(pkg / "core").glob("*.py"),
        *(pkg / "rules").glob("*.py"),
        *(p for p in (pkg / "engine").glob("*.py") if p.name != "ensemble.py"),
        *(p for p in (pkg / "scenarios").glob("*.py") if p.name not in FILE_IO),
    ]
    assert len(pure) > 15, "the layout moved: update this test's list of pure modules"
    banned = (
        "matplotlib",
        "escalation_sim.cli",
        "escalation_sim.plots",
        "escalation_sim.results",
        "escalation_sim.report",
        "escalation_sim.analysis",
        "escalation_sim.scenarios.loader",
        "tomllib",
        "pyarrow",
    )
    for path in pure:
        rel = path.relative_to(ROOT).with_suffix("")
        package = list(rel.parts[:-1])
        tree = ast.parse(path.read_text())
        typing_only = {
            id(sub)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
            for sub in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom):
                name = node.module or ""
                if node.level:  # relative: resolve against the module's package
                    parts = package[: len(package) - (node.level - 1)]
                    name = ".".join([*parts, name]) if name else ".".join(parts)
                names = [name]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for n in names:
                assert not n.startswith(banned), f"{rel} imports {n}"


def _readme_block(heading: str, lang: str) -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(rf"```{lang}\n(.*?)\n```", section, re.S))


def test_readme_usage_commands_run(tmp_path, monkeypatch, capsys):
    """Every command of the README's "Using it" block works (with fewer replicates)."""
    import glob
    import shlex

    from escalation_sim.cli import main

    monkeypatch.chdir(tmp_path)
    commands = [
        line.split("#")[0].strip()
        for line in _readme_block("## Using it", "bash").splitlines()
        if line.startswith("escalation-sim")
    ]
    assert len(commands) >= 8
    for cmd in commands:
        args = shlex.split(cmd)[1:]
        expanded = []
        for a in args:
            matches = sorted(glob.glob(str(ROOT / a))) if "*" in a else []
            expanded += matches or [a]
        args = expanded
        if "--uncertainty" in args:  # replicates split evenly over the parameter sets
            n = str(2 * int(args[args.index("--uncertainty") + 1]))
            args += ["-n", n]
        elif "-n" in args:
            args[args.index("-n") + 1] = "60"
        elif args[0] in ("run", "compare", "report"):
            args += ["-n", "60"]
        if args[0] == "explain":
            args += ["--search", "300"]
        assert main(args) == 0, cmd
        capsys.readouterr()


def test_readme_python_snippet_runs():
    code = _readme_block("## Using it", "python").replace("replicates=5000", "replicates=100")
    ns: dict = {}
    exec(compile(code, "README.md", "exec"), ns)
    assert ns["variant"].params.mediation.effort == 0.9


def test_extending_guide_code_runs(tmp_path, monkeypatch):
    """docs/extending.md's Python blocks, run in order in one namespace; what they register is
    removed afterwards so that other tests see the package as shipped."""
    from escalation_sim.rules import KINDS, REGISTRY

    text = (ROOT / "docs" / "extending.md").read_text()
    blocks = re.findall(r"```python\n(.*?)\n```", text, re.S)
    assert len(blocks) >= 3
    monkeypatch.chdir(tmp_path)
    rules_before, kinds_before = set(REGISTRY.ids()), {k.name for k in KINDS}
    namespace: dict = {}
    try:
        for block in blocks:
            exec(compile(block, "docs/extending.md", "exec"), namespace)
    finally:
        for rule_id in [r for r in REGISTRY.ids() if r not in rules_before]:
            if rule_id in REGISTRY:
                REGISTRY.unregister(rule_id)
        for kind in [k.name for k in KINDS if k.name not in kinds_before]:
            KINDS.withdraw(kind)
    assert set(REGISTRY.ids()) == rules_before


def test_readme_sweep_section_works(tmp_path, monkeypatch, capsys):
    """The README's sweep section as a new user meets it: every command (with fewer
    replicates), the experiment file shown, and the Python block."""
    import shlex
    import tomllib

    from escalation_sim.cli import main
    from escalation_sim.experiments import experiment_from_dict

    monkeypatch.chdir(tmp_path)
    commands = [
        line.split("#")[0].strip()
        for line in _readme_block("## Sweeps", "bash").splitlines()
        if line.startswith("escalation-sim")
    ]
    assert len(commands) >= 5
    for cmd in commands:
        args = shlex.split(cmd)[1:]
        if args[0] == "sweep" and "--dry-run" not in args and "--replicates" not in args:
            args += ["--replicates", "3"]
        args = [str(ROOT / a) if a.startswith("experiments/") else a for a in args]
        assert main(args) == 0, cmd
        capsys.readouterr()
    example = tomllib.loads(_readme_block("## Sweeps", "toml"))
    experiment_from_dict(example)
    ns: dict = {}
    exec(compile(_readme_block("## Sweeps", "python"), "README.md", "exec"), ns)
    assert set(ns["policy"].index) == {"never", "week_1"}


def test_ci_example_workflow_commands_parse():
    """The example workflow's escalation-sim commands are valid command lines."""
    import shlex

    from escalation_sim.cli.app import build_parser

    text = (ROOT / "examples" / "ci" / "escalation-sim.yml").read_text()
    text = re.sub(r">-\n\s+", "", text)  # folded scalars: one command per line
    text = re.sub(r"\n\s{10}--", " --", text)
    commands = re.findall(r"\.venv/bin/escalation-sim ([^\n]+)", text)
    assert {c.split()[0] for c in commands} >= {"sweep", "analyze", "check"}
    parser = build_parser()
    for cmd in commands:
        parser.parse_args(shlex.split(cmd))


def test_readme_jupyter_section_runs():
    """The README's Jupyter section: its Python block (Mesa's batch_run on the model)."""
    code = _readme_block("## Jupyter", "python").replace('"replicates": 200', '"replicates": 50')
    ns: dict = {}
    exec(compile(code, "README.md", "exec"), ns)
    assert len(ns["rows"]) == 4


def test_readme_results_block_concatenates_two_runs(tmp_path, monkeypatch, capsys):
    """The README's Results section: tables of two runs concatenate and stay apart."""
    from escalation_sim.cli import main

    monkeypatch.chdir(tmp_path)
    for name, scenario, seed in (("a", "baseline", "1"), ("b", "mediation_push", "2")):
        args = ["run", scenario, "-n", "50", "--seed", seed, "-q", "--no-plots"]
        assert main([*args, "--out", f"results/{name}"]) == 0
    capsys.readouterr()
    ns: dict = {}
    exec(compile(_readme_block("## Results", "python"), "README.md", "exec"), ns)
    both = ns["both"]
    assert len(both) == 100
    assert set(zip(both["scenario"].astype(str), both["seed"], strict=True)) == {
        ("baseline", 1),
        ("mediation_push", 2),
    }
