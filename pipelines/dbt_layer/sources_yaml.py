"""models/staging/_sources.yml, generated from the raw-source contracts (the one truth for raw columns).

Run `python -m pipelines.dbt_layer.sources_yaml` after changing a contract; a test fails while the
committed file differs from what the contracts say.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.contracts import CONTRACTS
from pipelines.dbt_layer.project import DBT_PROJECT_DIR

SOURCES_FILE = DBT_PROJECT_DIR / "models" / "staging" / "_sources.yml"
HEADER = ("# GENERATED from pipelines/contracts by `python -m pipelines.dbt_layer.sources_yaml`; do not edit.\n"
          "# Ingest (pipelines/ingest) writes these tables into the staging warehouse before dbt runs.\n")


def sources_document() -> dict:
    tables = [{
        "name": f"stg_{contract.name}",
        "description": f"{contract.description} Typed, validated and deduplicated rows of data/raw/{contract.name}.",
        "columns": [{"name": column.name, "description": column.description} for column in contract.columns],
    } for contract in CONTRACTS.values()]
    tables.append({"name": "build_params",
                   "description": "One row: the as-of date every model filters on (the setting, else the last "
                                  "invoice date, else a footfall study's last counted day).",
                   "columns": [{"name": "as_of", "description": "The build's as-of date"}]})
    return {"version": 2, "sources": [{"name": "salesops", "schema": "main",
                                       "description": "Tables the Python ingest step writes.", "tables": tables}]}


def render_sources_yaml() -> str:
    return HEADER + yaml.safe_dump(sources_document(), sort_keys=False, allow_unicode=True, width=110)


def write_sources_yaml(path: Path = SOURCES_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_sources_yaml(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_sources_yaml()}")
