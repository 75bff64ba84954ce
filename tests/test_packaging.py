"""The package as a user installs it: a wheel in a fresh virtual environment, outside the
checkout, must ship the scenarios and run the baseline end to end (about a minute)."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from escalation_sim.scenarios import available_scenarios

ROOT = Path(__file__).resolve().parents[1]


def _run(args, cwd, timeout=600):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.packaging
def test_wheel_ships_the_scenarios_and_runs_the_baseline(tmp_path):
    dist = tmp_path / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)], tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("escalation_sim-*.whl")
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    installed = _run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path
    )
    assert installed.returncode == 0, installed.stderr
    exe = str(env / "bin" / "escalation-sim")
    listed = _run([exe, "list"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    shipped = available_scenarios()
    assert sorted(shipped) == sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
    assert len(shipped) >= 9
    for name in shipped:
        assert name in listed.stdout
    ran = _run([exe, "run", "baseline", "-n", "50", "--out", "out", "--quiet"], tmp_path)
    assert ran.returncode == 0, ran.stderr
    for name in ("outcomes.parquet", "summary.json", "manifest.json", "fan_chart.png"):
        assert (tmp_path / "out" / name).is_file(), name
    # the experiments ship too, and a sweep runs from the installed package
    swept = _run([exe, "sweep", "ci_smoke", "--replicates", "2", "--out", "sw", "-q"], tmp_path)
    assert swept.returncode == 0, swept.stderr
    assert (tmp_path / "sw" / "points.parquet").is_file()
    # the installed package, not the checkout, answered
    where = _run(
        [
            str(env / "bin" / "python"),
            "-c",
            "import escalation_sim; print(escalation_sim.__file__)",
        ],
        tmp_path,
    )
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout


def test_license_and_citation_match_the_package():
    """LICENSE is the licence pyproject.toml names, and CITATION.cff cites this version."""
    import re
    import tomllib

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["license"]["text"] == "MIT"
    assert (root / "LICENSE").read_text().startswith("MIT License")
    cff = (root / "CITATION.cff").read_text()
    fields = dict(re.findall(r"^([a-z-]+): *(.+)$", cff, flags=re.MULTILINE))
    assert fields["cff-version"] == "1.2.0"
    assert fields["version"] == project["version"] and fields["license"] == "MIT"
    assert fields["title"].strip('"').startswith("escalation-sim")
