"""Discovering, ordering and running the SQL models in pipelines/sql/models."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipelines.contracts import CONTRACTS
from pipelines.study_kind import study_as_of

SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "models"
_IDENT = re.compile(r"\b([a-z_][a-z0-9_]*)\b")


@cache
def model_sql() -> dict[str, str]:
    """Model name (file stem) -> its SELECT."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SQL_DIR.glob("*.sql"))}


def staging_tables() -> set[str]:
    return {f"stg_{name}" for name in CONTRACTS}


@cache
def model_dependencies(name: str) -> frozenset[str]:
    """Tables a model reads: other models, stg_* tables and build_params (comments ignored)."""
    sql = re.sub(r"--[^\n]*", "", model_sql()[name]).lower()
    known = set(model_sql()) | staging_tables() | {"build_params"}
    return frozenset(t for t in _IDENT.findall(sql) if t in known and t != name)


def models_in_order(names: set[str] | None = None) -> list[str]:
    graph = {n: {d for d in model_dependencies(n) if d in model_sql()} for n in model_sql()}
    ordered = list(TopologicalSorter(graph).static_order())
    return [n for n in ordered if names is None or n in names]


def source_dependencies(name: str) -> set[str]:
    """Raw sources a model depends on, directly or through other models."""
    out: set[str] = set()
    for dep in model_dependencies(name):
        if dep.startswith("stg_") and dep in staging_tables():
            out.add(dep.removeprefix("stg_"))
        elif dep in model_sql():
            out |= source_dependencies(dep)
    return out


_GROUP = re.compile(r"--\s*group:\s*([a-z_]+)")


def model_group(name: str) -> str:
    """Dagster group: a `-- group: x` comment in the file, else marts for mart_*, else core."""
    found = _GROUP.search(model_sql()[name])
    if found:
        return found.group(1)
    return "marts" if name.startswith("mart_") else "core"


def write_build_params(con: duckdb.DuckDBPyConnection, as_of: date | None) -> date:
    """The as-of date every model filters on: the setting, else the last invoice date (a study without sales:
    its last counted day)."""
    if as_of is None:
        as_of = con.execute("SELECT max(invoice_date) FROM stg_sales_lines").fetchone()[0] or study_as_of(con)
    if as_of is None:
        raise ValueError("no accepted sales lines and no count sheets, so there is no as-of date; set SALESOPS_AS_OF")
    con.execute("CREATE OR REPLACE TABLE build_params AS SELECT CAST(? AS DATE) AS as_of", [as_of])
    return as_of


def run_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """(Re)create the model's table from its SELECT and return its row count."""
    con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {model_sql()[name]}')
    return int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
