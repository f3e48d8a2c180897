"""Opening DuckDB connections with the product's resource limits."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.settings import Settings


def connect(path: Path | str, settings: Settings | None = None, *, read_only: bool = False
            ) -> duckdb.DuckDBPyConnection:
    settings = settings or Settings.from_env()
    config: dict[str, str | int] = {"memory_limit": settings.duckdb_memory_limit}
    if settings.duckdb_threads:
        config["threads"] = settings.duckdb_threads
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=config)


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'",
        [table],
    ).fetchone()[0])


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def ensure_table(con: duckdb.DuckDBPyConnection, table: str, ddl: str) -> None:
    """Run a `CREATE TABLE IF NOT EXISTS table (...)`; a table an older version left with other columns is replaced.

    Only for tables a load rewrites anyway (load_log, raw_files): their old rows are not worth a migration.
    """
    con.execute(ddl)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _expected_shape {ddl[ddl.index('('):]}")
    shape = ("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
             "ORDER BY ordinal_position")
    if con.execute(shape, [table]).fetchall() != con.execute(shape, ["_expected_shape"]).fetchall():
        con.execute(f'DROP TABLE "{table}"')
        con.execute(ddl)
    con.execute("DROP TABLE _expected_shape")
