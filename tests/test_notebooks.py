"""Every analyst notebook (jupytext percent .py) executed top to bottom in a real python3 kernel.

Against the tiny hand-built warehouse (many optional tables empty: the notebooks must say so, not fail), and
the churn notebook also against the generated sample, where the risk tables and model exist.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.py"))
# The dashboard issue's notebooks; others (e.g. the foot-traffic study) are executed too.
DASHBOARD_NOTEBOOKS = {"sales_collections", "cost_control", "churn_model", "channel_inventory"}
TIMEOUT_S = 300


def execute(path: Path, settings, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    """Run the notebook with SALESOPS_* pointing at the given build; the kernel inherits the environment."""
    for key, value in settings.as_env().items():
        monkeypatch.setenv(key, value)
    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def text_output(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            elif "data" in out and "text/plain" in out["data"]:
                parts.append(out["data"]["text/plain"])
    return "\n".join(parts)


def figures(nb: nbformat.NotebookNode) -> int:
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               if "application/vnd.plotly.v1+json" in out.get("data", {}))


def test_the_expected_notebooks_exist():
    names = {p.stem for p in NOTEBOOKS}
    assert DASHBOARD_NOTEBOOKS <= names
    for path in NOTEBOOKS:
        assert "format_name: percent" in path.read_text(encoding="utf-8"), path
    for path in (p for p in NOTEBOOKS if p.stem in DASHBOARD_NOTEBOOKS):
        text = path.read_text(encoding="utf-8")
        assert "# %%" in text and "format_name: percent" in text, path
        assert "open_warehouse" in text and "pipelines.dashboards" in text, path  # read-only door, shared figures


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_tiny_warehouse(path, built_tiny, tmp_path, monkeypatch):
    nb = execute(path, built_tiny, tmp_path, monkeypatch)
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    if path.stem == "churn_model":  # the tiny company has too little history for a model: it must say so
        assert "no churn model" in text_output(nb).lower()
    elif path.stem in DASHBOARD_NOTEBOOKS:
        assert figures(nb) >= 1, f"{path.name} showed no figure"
    assert not list(tmp_path.glob("*.duckdb*")), "a notebook wrote a database file"


def test_churn_notebook_exercises_the_model_when_it_exists(built_sample, tmp_path, monkeypatch):
    nb = execute(NOTEBOOKS[[p.stem for p in NOTEBOOKS].index("churn_model")], built_sample, tmp_path, monkeypatch)
    out = text_output(nb)
    has_model = (built_sample.models_dir / "churn" / "model.skops").exists()
    if has_model:
        assert "what-if" in out and "probability" in out
        assert figures(nb) >= 3  # bands, calibration or lift, drivers of one customer
    else:
        assert "no churn model" in out.lower()
