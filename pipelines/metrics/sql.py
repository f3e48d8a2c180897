"""The SQL the metric code runs itself (pipelines/sql/metrics/*.sql): reads of the marts it builds on."""

from __future__ import annotations

from pathlib import Path

from pipelines.sql_files import sql_file

METRIC_SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "metrics"


def metric_sql(name: str) -> str:
    return sql_file(METRIC_SQL_DIR, name)
