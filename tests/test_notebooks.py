"""Every notebook in notebooks/ runs top to bottom (small parameters, no Jupyter needed).

Code cells are executed in order in one namespace, as a kernel would; a cell tagged
``parameters`` is followed by overrides that keep the run short (as papermill would inject).
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
SMALL = "REPLICATES = 200\nSEED = 3\n"


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, monkeypatch, tmp_path):
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    nb = json.loads(path.read_text())
    ns: dict = {"__name__": "__main__"}
    ran = 0
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src += "\n" + SMALL
        exec(compile(src, f"{path.name}[cell {i}]", "exec"), ns)
        ran += 1
    plt.close("all")
    assert ran >= 3
