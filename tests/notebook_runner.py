"""Running a jupytext notebook the way papermill does: parameters injected in a cell after the one tagged
`parameters`, then every cell executed in a real python3 kernel (nbclient)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
PARAMETERS = ("as_of", "region", "period", "lang")
TIMEOUT_S = 300


def parameters_cell(nb: nbformat.NotebookNode) -> int:
    """Index of the cell tagged `parameters` (papermill's convention)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    raise ValueError("the notebook has no code cell tagged 'parameters'")


def defaults(nb: nbformat.NotebookNode) -> dict[str, object]:
    """The parameter names and default values the parameters cell assigns."""
    tree = ast.parse(nb.cells[parameters_cell(nb)].source)
    return {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)}


def inject(nb: nbformat.NotebookNode, params: dict[str, object]) -> nbformat.NotebookNode:
    """A new cell tagged `injected-parameters` right after the parameters cell, as papermill writes it."""
    source = "# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(parameters_cell(nb) + 1, cell)
    return nb


def run_notebook(path: Path, params: dict[str, object], env: dict[str, str], workdir: Path
                 ) -> nbformat.NotebookNode:
    """Execute with the given parameters; the kernel inherits os.environ updated with env."""
    nb = inject(jupytext.read(path), params)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                       resources={"metadata": {"path": str(workdir)}}).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
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


def figure_count(nb: nbformat.NotebookNode) -> int:
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               if "application/vnd.plotly.v1+json" in out.get("data", {}))


def pipelines_imports(source: str) -> list[str]:
    """Every `pipelines...` module a piece of code imports (import x / from x import y, any nesting)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] == "pipelines"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipelines":
            out += [f"{node.module}.{a.name}" for a in node.names]  # the name may itself be a submodule
    return out
