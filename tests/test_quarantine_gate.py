"""End to end: the quarantine threshold gates the marts, and a blocked build publishes nothing.

Two real builds on the same raw files (one bad sales line in five): with a lenient threshold the
good rows flow and the build publishes; with the default 1% the blocking check stops the build and
the warehouse published by the first build stays byte for byte as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import settings_in
from fingerprints import file_digest, raw_fingerprint
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.orchestration.run_build import BuildOutcome, run_nightly_job
from pipelines.settings import Settings
from pipelines.warehouse.readonly import open_warehouse


@dataclass
class GateBuilds:
    lenient: Settings
    raw_before: dict[str, str]
    first: BuildOutcome
    published_after_first: str
    second: BuildOutcome


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> GateBuilds:
    root = tmp_path_factory.mktemp("gate")
    raw = write_tiny_company(root / "raw")
    rows = [dict(r) for r in ROWS["sales_lines"]]
    rows[2]["qty"] = "twenty"  # invoice I2, file line 4
    write_source(raw, "sales_lines", rows)
    raw_before = raw_fingerprint(raw)
    lenient = settings_in(root, raw, quarantine_threshold=0.5)
    first = run_nightly_job(lenient)
    published = file_digest(lenient.warehouse) if lenient.warehouse.exists() else ""
    second = run_nightly_job(settings_in(root, raw))  # default threshold: 1%
    return GateBuilds(lenient, raw_before, first, published, second)


def test_under_the_threshold_good_rows_flow_and_the_build_publishes(gate: GateBuilds) -> None:
    assert gate.first.success, gate.first.failures
    con = open_warehouse(gate.lenient.warehouse)
    try:
        assert con.execute("SELECT list(DISTINCT invoice_id ORDER BY invoice_id) FROM fct_sales_lines").fetchone()[0] \
            == ["I1", "I3", "I4"]
        assert con.execute("SELECT sum(sales_amount) FROM mart_sales_region_month").fetchone()[0] == 450
        assert con.execute("SELECT reason FROM quarantine WHERE source = 'sales_lines'").fetchall() == [
            ("sales_lines/sales_lines.csv row 4, column qty (G): value 'twenty' breaks rule: "
             "must be a number like 1234.50",)]
        assert con.execute("SELECT rows_read, rows_accepted, rows_quarantined FROM load_log "
                           "WHERE source = 'sales_lines'").fetchone() == (5, 4, 1)
    finally:
        con.close()


def test_over_the_threshold_the_build_stops_with_a_clear_reason(gate: GateBuilds) -> None:
    assert not gate.second.success
    [failure] = gate.second.failures
    # Root cause first: the share, then the first bad row as Excel shows it, its rule and the fix.
    assert failure.startswith(
        "check stg_sales_lines.quarantined_share_below_threshold failed: 1 of 5 rows of sales_lines quarantined "
        "(20.00%; threshold 1.00%); most frequent problem (1 rows), first at sales_lines/sales_lines.csv row 4, "
        "column qty (G), value 'twenty': must be a number like 1234.50; fix: Write a plain number")
    assert failure.endswith("; see the quarantine table for file, row, column, value and rule")
    # The marts were not rebuilt on the blocked data.
    assert "sql_models" not in gate.second.step_seconds
    assert "published_warehouse" not in gate.second.step_seconds


def test_a_blocked_build_leaves_the_published_warehouse_byte_identical(gate: GateBuilds) -> None:
    assert gate.published_after_first
    assert file_digest(gate.lenient.warehouse) == gate.published_after_first
    con = open_warehouse(gate.lenient.warehouse)
    try:
        assert con.execute("SELECT count(*) FROM fct_sales_lines").fetchone()[0] == 4
    finally:
        con.close()


def test_builds_never_change_the_raw_files(gate: GateBuilds) -> None:
    assert raw_fingerprint(Path(gate.lenient.raw_dir)) == gate.raw_before
