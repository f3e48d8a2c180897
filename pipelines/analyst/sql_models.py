"""Adding a metric as a SQL model: try the SELECT on the published warehouse, then save it as a dbt model
that the next `salesops build` builds (one SELECT per file, table names turned into `{{ ref() }}` and
`{{ source() }}`; its description and Dagster group go into a YAML file beside it).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import yaml

MODEL_NAME = re.compile(r"^(int|fct|dim|mart)_[a-z][a-z0-9_]*$")
_WRITES = re.compile(r"\b(create|insert|update|delete|drop|alter|copy|attach|detach|install|load|pragma|set)\b",
                     re.IGNORECASE)


def models_dir() -> Path:
    """Where new marts go: the dbt project's marts folder."""
    from pipelines.dbt_layer.project import DBT_PROJECT_DIR

    return DBT_PROJECT_DIR / "models" / "marts"


def model_path(name: str) -> Path:
    """Where the model `name` lives (or would live)."""
    if not MODEL_NAME.match(name):
        raise ValueError(f"model name {name!r} must look like mart_<what>_<grain> (or int_, fct_, dim_): "
                         "lower case letters, digits and underscores")
    return models_dir() / f"{name}.sql"


def _select_only(sql: str) -> str:
    body = re.sub(r"--[^\n]*", "", sql).strip().rstrip(";").strip()
    if not re.match(r"^(with|select)\b", body, re.IGNORECASE) or ";" in body:
        raise ValueError("a model is one SELECT (optionally starting WITH ...), without ';' inside")
    if _WRITES.search(body):
        raise ValueError(f"a model only reads: found {_WRITES.search(body).group(0)!r} in the SQL")
    return body


def preview_model(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run the model's SELECT on the (read-only) warehouse and return its rows, as the build would store them."""
    return con.execute(_select_only(sql)).df()


def model_description(sql: str) -> str:
    """The leading comment lines of a model file."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.lstrip("-").strip())
    return " ".join(lines)


def write_model(name: str, sql: str, description: str, group: str = "metrics", folder: Path | None = None) -> Path:
    """Save a new dbt model (never overwrites one); the next `salesops build` builds it into the warehouse.

    folder: where to write (default: the project's SQL models folder, `model_path`).
    """
    body = _select_only(sql)
    path = (Path(folder) / f"{name}.sql") if folder else model_path(name)
    if not MODEL_NAME.match(name):
        raise ValueError(f"model name {name!r} must look like mart_<what>_<grain>")
    if path.exists():
        raise FileExistsError(f"{path} exists already: pick another name or edit that file")
    from pipelines.dbt_layer.models import with_refs

    comment = "\n".join(f"-- {line}" for line in description.strip().splitlines())
    path.write_text(f"{comment}\n{with_refs(body)}\n", encoding="utf-8")
    properties = {"version": 2, "models": [{"name": name, "description": " ".join(description.split()),
                                            "config": {"meta": {"dagster": {"group": group}}}}]}
    path.with_name(f"_{name}.yml").write_text(yaml.safe_dump(properties, sort_keys=False, allow_unicode=True),
                                              encoding="utf-8")
    return path
