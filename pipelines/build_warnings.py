"""Warnings a build raises: things that did not stop it but that a user or the on-call engineer must know.

A build ends in one of three outcomes (pipelines/build_outcome.py): success, success with warnings, or
failure. A step raises a warning in one of two ways, and either one turns a successful build into
"success with warnings" (exit code 3) with the warning named in the summary:

1. Write a row into the ``build_warnings`` table of the warehouse being built, with this module's
   ``record_warning(con, step, message)``. Domain code (ingest, risk, footfall) uses this: it needs no
   Dagster, and the row is published with the warehouse, so the warning stays readable afterwards.
   ``step`` names what raised it (e.g. "ingest sales_lines", "risk churn"); ``message`` says what happened
   and what to do, in the words of the page or file it concerns. Call ``clear_warnings(con, step)`` at the
   start of a step that can be re-run on its own, so a subset re-run does not keep its old warnings.
2. In Dagster wiring (pipelines/orchestration), yield an ``AssetCheckResult`` with
   ``severity=dg.AssetCheckSeverity.WARN`` and ``passed=False``; its description is the warning's text.

Anything that must stop the publish is not a warning: raise (a blocking check or an exception).
"""

from __future__ import annotations

import duckdb

TABLE = "build_warnings"
DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (step VARCHAR, message VARCHAR, raised_at TIMESTAMP DEFAULT now())"


def record_warning(con: duckdb.DuckDBPyConnection, step: str, message: str) -> None:
    """Raise a warning of this build: it is listed in the build summary and makes the exit code 3."""
    con.execute(DDL)
    con.execute(f"INSERT INTO {TABLE} (step, message) VALUES (?, ?)", [step, message])


def clear_warnings(con: duckdb.DuckDBPyConnection, step: str) -> None:
    """Forget the warnings a step raised earlier (call it first when the step runs again)."""
    con.execute(DDL)
    con.execute(f"DELETE FROM {TABLE} WHERE step = ?", [step])


def read_warnings(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(step, message) of every warning in the order they were raised; empty when there is no table."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]).fetchone()[0]
    if not exists:
        return []
    return [(s, m) for s, m in con.execute(f"SELECT step, message FROM {TABLE} ORDER BY raised_at, step").fetchall()]
