"""Adding a metric as a SQL model: try the SELECT on the published warehouse, then save it where the build
picks it up (one SELECT per file; the first comment lines are its description, `-- group: x` its Dagster group).

Today models are files in pipelines/sql/models, run in dependency order by every `salesops build`. When they
move to dbt, `model_path` and `write_model` change (a dbt models folder, `{{ ref() }}` for table names);
notebooks calling them stay as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

MODEL_NAME = re.compile(r"^(int|fct|dim|mart)_[a-z][a-z0-9_]*$")
_WRITES = re.compile(r"\b(create|insert|update|delete|drop|alter|copy|attach|detach|install|load|pragma|set)\b",
                     re.IGNORECASE)


def models_dir() -> Path:
    from pipelines.transform.sql_models import SQL_DIR

    return SQL_DIR


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
    """The leading comment lines of a model file, without the `-- group:` line."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        text = line.lstrip("-").strip()
        if not re.match(r"group:\s", text):
            lines.append(text)
    return " ".join(lines)


def write_model(name: str, sql: str, description: str, group: str = "metrics", folder: Path | None = None) -> Path:
    """Save a new model file (never overwrites one); the next `salesops build` builds it into the warehouse.

    folder: where to write (default: the project's SQL models folder, `model_path`).
    """
    body = _select_only(sql)
    path = (Path(folder) / f"{name}.sql") if folder else model_path(name)
    if not MODEL_NAME.match(name):
        raise ValueError(f"model name {name!r} must look like mart_<what>_<grain>")
    if path.exists():
        raise FileExistsError(f"{path} exists already: pick another name or edit that file")
    comment = "\n".join(f"-- {line}" for line in description.strip().splitlines())
    path.write_text(f"{comment}\n-- group: {group}\n{body}\n", encoding="utf-8")
    return path
