"""`salesops init DIR`: a working folder of one's own, wherever the package is installed.

The folder holds everything a build reads and writes (see README "Where outputs land"):
    data/raw/README.md             every source, column, type and rule (from the contracts)
    data/raw/mapping_templates/    one commented mapping.yaml per source, to copy into data/raw/<source>/
    data/marts/                    the warehouse, dashboards and quarantine report
    models/                        model files and cards
    .dagster_home/dagster.yaml     the Dagster instance config (one writing run at a time)
    workspace.yaml                 `dagster dev -w workspace.yaml` loads the product's definitions
Files that exist already are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipelines.contracts import ALL_CONTRACTS, Contract
from pipelines.contracts.docs import render_contracts_markdown
from pipelines.contracts.model import TYPE_HINTS
from pipelines.contracts.synonyms import column_names_for

TEMPLATES_DIR = "mapping_templates"


@dataclass
class InitResult:
    created: list[Path]
    kept: list[Path]


def template_text(name: str) -> str:
    """A file shipped in pipelines/project_template (package data, so a plain `pip install .` has it)."""
    return resources.files("pipelines.project_template").joinpath(name).read_text(encoding="utf-8")


def mapping_template(contract: Contract) -> str:
    """A commented mapping.yaml for one source: every contract column, what it holds, whether it is required."""
    lines = [f"# Mapping for {contract.name}: copy to data/raw/{contract.name}/mapping.yaml and uncomment what",
             "# your export needs. A header listed as recognised below needs no entry. Keys: sheet, header_row,",
             "# columns (header as written -> column), codes, units, date_formats; `salesops map FILE --source",
             f"# {contract.name}` proposes one from your file. See data/raw/README.md for every rule.",
             "# sheet: Sheet1",
             "# header_row: 1",
             "# columns:"]
    for column in contract.columns:
        need = "required" if column.required else "optional"
        lines.append(f"#   <your header>: {column.name}   # {need}, {TYPE_HINTS[column.type]}: {column.description}")
        lines.append(f"#     recognised: {', '.join(column_names_for(contract.name, column.name))}")
    return "\n".join(lines) + "\n"


def init_project(folder: Path) -> InitResult:
    """Create the project folder's layout and starter files; never overwrite a file that exists."""
    folder = Path(folder).expanduser().resolve()
    result = InitResult([], [])
    for sub in ("data/raw", f"data/raw/{TEMPLATES_DIR}", "data/marts", "models", ".dagster_home"):
        path = folder / sub
        (result.kept if path.is_dir() else result.created).append(path)
        path.mkdir(parents=True, exist_ok=True)
    files = {
        folder / "data" / "raw" / "README.md": render_contracts_markdown,
        folder / ".dagster_home" / "dagster.yaml": lambda: template_text("dagster.yaml"),
        folder / "workspace.yaml": lambda: template_text("workspace.yaml"),
        **{folder / "data" / "raw" / TEMPLATES_DIR / f"{c.name}.yaml": (lambda c=c: mapping_template(c))
           for c in ALL_CONTRACTS},
    }
    for path, render in files.items():
        if path.exists():
            result.kept.append(path)
        else:
            path.write_text(render(), encoding="utf-8")
            result.created.append(path)
    return result
