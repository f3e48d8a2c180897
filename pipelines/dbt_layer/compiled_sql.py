"""The dbt models' compiled SQL run straight on a DuckDB connection, without dbt.

Two users: the benchmark, whose baseline for dbt's and Dagster's overhead is "the same SQL run directly",
and tests that build marts from small hand-made data many times over. The build itself always runs
`dbt build` (pipelines/orchestration/dbt_assets.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipelines.dbt_layer import models
from pipelines.dbt_layer.profile import write_profile
from pipelines.dbt_layer.project import DBT_PROJECT_DIR, cache_dir, fill_once

# Compiled against an in-memory database: its relations read "memory"."main"."name"; run here as plain names.
_QUALIFIER = re.compile(r'"memory"\."main"\.')


@cache
def compiled_nodes() -> dict[str, dict]:
    """unique_id -> manifest node with compiled_code, for every model and data test (compiled once per version)."""
    folder = cache_dir() / "compiled"
    fill_once(folder, _compile_into)
    nodes = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    return {u: n for u, n in nodes.items() if n["resource_type"] in ("model", "test")}


def _compile_into(folder: Path) -> None:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["compile", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                                 str(write_profile(folder, ":memory:")),
                                 "--target-path", str(folder), "--log-path", str(folder), "--quiet"])
    if not result.success:
        raise RuntimeError(f"dbt could not compile {DBT_PROJECT_DIR}: {result.exception}")


def _sql(node: dict) -> str:
    return _QUALIFIER.sub("", node["compiled_code"])


def models_in_order(names: Iterable[str] | None = None) -> list[str]:
    """Model names, each after the models it reads (restricted to `names` when given)."""
    nodes = compiled_nodes()
    models = {u: n for u, n in nodes.items() if n["resource_type"] == "model"}
    graph = {u: {d for d in n["depends_on"]["nodes"] if d in models} for u, n in models.items()}
    wanted = None if names is None else set(names)
    ordered = [models[u]["name"] for u in TopologicalSorter(graph).static_order()]
    return [n for n in ordered if wanted is None or n in wanted]


def run_models(con: duckdb.DuckDBPyConnection, names: Iterable[str] | None = None) -> list[str]:
    """Create or replace each model's table from its compiled SELECT, in dependency order; returns the names run."""
    by_name = {n["name"]: n for n in compiled_nodes().values() if n["resource_type"] == "model"}
    ordered = models_in_order(names)
    for name in ordered:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {_sql(by_name[name])}')
    return ordered


def _tests() -> dict[str, dict]:
    return {n["name"]: n for n in compiled_nodes().values() if n["resource_type"] == "test"}


def guarded_table(test_name: str) -> str:
    """The table a data test guards (pipelines.dbt_layer.models.guarded_table on the compiled manifest)."""
    return models.guarded_table(_tests()[test_name], compiled_nodes())


def compiled_test_sql(test_name: str) -> str:
    """A data test's compiled SELECT: the rows violating it."""
    return _sql(_tests()[test_name])


def run_test(con: duckdb.DuckDBPyConnection, test_name: str) -> int:
    """The number of rows violating one data test (0: it passes)."""
    return int(con.execute(f"SELECT count(*) FROM ({compiled_test_sql(test_name)})").fetchone()[0])


def run_tests(con: duckdb.DuckDBPyConnection, models: Iterable[str] | None = None) -> dict[str, int]:
    """Violating rows of every data test on the given models (all when None): test name -> rows (0 passes)."""
    wanted = None if models is None else set(models)
    return {name: run_test(con, name) for name in _tests() if wanted is None or guarded_table(name) in wanted}
