"""Idempotency: the same raw files give the same warehouse, and a re-delivered file does not double count.

The session's `built_tiny` build is the first build; a copy of its project folder (raw files,
published and staging warehouses) is built again, then once more after an overlapping sales
export was delivered.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from conftest import settings_in
from fingerprints import raw_fingerprint, table_checksums
from tiny_company import ROWS, write_source

from pipelines.orchestration.run_build import BuildOutcome, run_nightly_job
from pipelines.settings import Settings
from pipelines.warehouse.readonly import query

LOG_TABLES = ("quarantine", "load_log")
NEW_LINE = {"invoice_id": "I5", "line_no": 1, "invoice_date": "2024-03-01", "customer_id": "C2", "rep_id": "P1",
            "product_id": "K1", "qty": 7, "unit_price": 10, "discount_pct": 0, "amount": 70}


@dataclass
class Builds:
    settings: Settings
    outcomes: list[BuildOutcome]
    checksums: list[dict[str, tuple[int, int]]]
    logs: list[dict[str, tuple[int, int]]]
    raw_before_redelivery: dict[str, str]
    raw_after_redelivery: dict[str, str]


@pytest.fixture(scope="module")
def builds(built_tiny: Settings, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("idempotency")
    settings = settings_in(root)
    shutil.copytree(built_tiny.raw_dir, settings.raw_dir)
    # The staging folder comes along, so the second build reuses the first one's staging warehouse.
    shutil.copytree(built_tiny.warehouse.parent, settings.warehouse.parent)
    out = Builds(settings, [], [], [], raw_fingerprint(settings.raw_dir), {})

    def record() -> None:
        out.checksums.append(table_checksums(settings.warehouse))
        out.logs.append(table_checksums(settings.warehouse, LOG_TABLES))

    record()
    out.outcomes.append(run_nightly_job(settings))
    record()
    # The March export overlaps February's: I2, I3 and I4 come again, unchanged, with one new line.
    write_source(settings.raw_dir, "sales_lines", [*ROWS["sales_lines"][2:], NEW_LINE], "sales_lines_2024-03.csv")
    out.raw_after_redelivery = raw_fingerprint(settings.raw_dir)
    out.outcomes.append(run_nightly_job(settings))
    record()
    return out


def test_building_twice_on_the_same_files_gives_identical_tables(builds: Builds) -> None:
    second = builds.outcomes[0]
    assert second.success, second.failures
    tables = builds.checksums[0]
    for expected in ("stg_sales_lines", "dim_customer", "fct_sales_lines", "mart_sales_region_month",
                     "mart_rep_activity_month"):
        assert tables[expected][0] > 0, expected
    assert builds.checksums[1] == tables
    # The quarantine and the load log say the same too.
    assert builds.logs[1] == builds.logs[0]
    assert set(builds.logs[0]) == set(LOG_TABLES)


def test_a_redelivered_overlapping_file_does_not_double_count(builds: Builds) -> None:
    third = builds.outcomes[1]
    # Re-delivered rows are not problems: the default 1% quarantine threshold does not block the build.
    assert third.success, third.failures
    path = builds.settings.warehouse
    old_rows, old_amount = len(ROWS["sales_lines"]), sum(float(r["amount"]) for r in ROWS["sales_lines"])
    assert query("SELECT count(*) AS n, sum(amount) AS amount FROM fct_sales_lines", path=path).iloc[0].tolist() \
        == [old_rows + 1, old_amount + NEW_LINE["amount"]]
    assert query("SELECT sum(sales_amount) AS s FROM mart_sales_region_month", path=path).iloc[0, 0] \
        == old_amount + NEW_LINE["amount"]
    log = query("SELECT rows_read, rows_accepted, rows_quarantined, rows_redelivered, quarantined_share "
                "FROM load_log WHERE source = 'sales_lines'", path=path).iloc[0].tolist()
    assert log == [old_rows + 4, old_rows + 1, 0, 3, 0.0]
    assert query("SELECT source_row, rule FROM quarantine ORDER BY source_row", path=path).values.tolist() == [
        [2, "duplicate_redelivered"], [3, "duplicate_redelivered"], [4, "duplicate_redelivered"]]
    # Only the sales tables changed; every other source reads the same.
    before, after = builds.checksums[1], builds.checksums[2]
    changed = {t for t in before if t.startswith("stg_") and before[t] != after[t]}
    assert changed == {"stg_sales_lines"}


def test_builds_never_change_the_raw_files(builds: Builds) -> None:
    assert raw_fingerprint(builds.settings.raw_dir) == builds.raw_after_redelivery
    assert {k: v for k, v in builds.raw_after_redelivery.items() if k in builds.raw_before_redelivery} \
        == builds.raw_before_redelivery
