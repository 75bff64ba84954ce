"""The notebooks in notebooks/ run in a real Jupyter kernel, as a user meets them.

Each notebook is executed top to bottom by nbclient in a fresh kernel, with
``ESCALATION_SIM_SMALL=1`` (its small-parameter mode). Every cell tagged ``figure`` must have
produced an ``image/png`` output - a figure that only prints ``<Figure size ...>`` would fail -
and no cell may produce an error or a warning. The notebooks are stored without outputs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_notebooks_are_there_and_stored_without_outputs():
    names = {p.stem for p in NOTEBOOKS}
    assert {
        "01_quickstart",
        "02_compare_policies",
        "03_sweeps_and_sensitivity",
        "04_write_your_own_scenario",
        "05_explain_one_run",
    } <= names
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
        tags = [t for c in nb.cells for t in c.get("metadata", {}).get("tags", [])]
        assert "parameters" in tags, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_a_kernel_and_shows_its_figures(path, tmp_path, monkeypatch):
    monkeypatch.setenv("ESCALATION_SIM_SMALL", "1")
    monkeypatch.setenv("PYTHONWARNINGS", "default")  # a warning would show as stderr output
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    elapsed = time.perf_counter() - start
    figures = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name} cell {i}: {out.get('ename')}"
            if out.output_type == "stream" and out.name == "stderr":
                text = out.text
                # a progress bar writes to stderr in text mode; anything else is a warning
                assert "Warning" not in text and "warn" not in text.lower(), (
                    f"{path.name} cell {i} warned: {text[:300]}"
                )
        if "figure" in cell.metadata.get("tags", []):
            figures += 1
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert images, f"{path.name} cell {i}: a figure cell showed no image"
    assert figures >= 1, path.name
    print(f"{path.name}: {elapsed:.1f} s")  # the set's total time is reported, not asserted


def test_importing_the_package_prints_no_warning():
    import subprocess
    import sys

    code = (
        "import escalation_sim, escalation_sim.experiments, escalation_sim.plots, "
        "escalation_sim.analysis.sensitivity"
    )
    p = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert p.returncode == 0 and p.stderr == "", p.stderr
