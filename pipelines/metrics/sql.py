"""The SQL the metric code runs itself (pipelines/sql/metrics/*.sql): reads of the marts it builds on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

METRIC_SQL_DIR = Path(__file__).resolve().parent.parent / "sql" / "metrics"


@cache
def metric_sql(name: str) -> str:
    return (METRIC_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
