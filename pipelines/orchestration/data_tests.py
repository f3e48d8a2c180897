"""A table's blocking data tests, reported to Dagster as one asset check per table.

Each test still runs and is reported on its own (violations per test in the check's metadata, the
failing ones named in its description); grouping them per table keeps the run history's event
count, and so Dagster's bookkeeping time, proportional to tables rather than to tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import dagster as dg
import duckdb

from pipelines.quality.table_checks_base import TableCheck, run_check

DATA_TESTS = "data_tests"


def data_test_specs(checks: Iterable[TableCheck]) -> list[dg.AssetCheckSpec]:
    by_table: dict[str, list[TableCheck]] = {}
    for check in checks:
        by_table.setdefault(check.table, []).append(check)
    return [dg.AssetCheckSpec(DATA_TESTS, asset=table, blocking=True,
                              description="; ".join(c.description for c in table_checks))
            for table, table_checks in by_table.items()]


def gate_on_data_tests(con: duckdb.DuckDBPyConnection, table: str, checks: list[TableCheck]
                       ) -> Iterator[dg.AssetCheckResult]:
    """Run every test of the table and yield the check result; a failure stops the op (blocking)."""
    if not checks:
        return
    violations = {check.name: run_check(con, check) for check in checks}
    failed = [c for c in checks if violations[c.name]]
    description = ("; ".join(f"{c.name} ({violations[c.name]} violations): {c.description}" for c in failed)
                   if failed else f"all {len(checks)} data tests pass")
    yield dg.AssetCheckResult(asset_key=table, check_name=DATA_TESTS, passed=not failed,
                              metadata=violations, description=description)
    if failed:
        # Later tables may read this one; stop here rather than build on bad data.
        raise dg.Failure(description=f"{table}: blocking data tests failed: {', '.join(c.name for c in failed)}")
