"""A company that only exports sales lines still gets its sales marts, and is told what was skipped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import settings_in
from fingerprints import raw_fingerprint
from tiny_company import ROWS, write_tiny_company

from pipelines.build_summary import summarize
from pipelines.contracts import ALL_CONTRACTS
from pipelines.orchestration.run_build import BuildOutcome, run_nightly_job
from pipelines.settings import Settings
from pipelines.warehouse.readonly import query

SALES_MARTS = ("mart_sales_region_month", "mart_sales_rep_month", "mart_sales_customer_month",
               "mart_sales_product_month")
OTHER_SOURCES = sorted(c.name for c in ALL_CONTRACTS if c.name != "sales_lines")


@dataclass
class SalesOnly:
    settings: Settings
    outcome: BuildOutcome
    raw_before: dict[str, str]


@pytest.fixture(scope="module")
def sales_only(tmp_path_factory: pytest.TempPathFactory) -> SalesOnly:
    root = tmp_path_factory.mktemp("sales_only")
    settings = settings_in(root, write_tiny_company(root / "raw", ("sales_lines",)))
    raw_before = raw_fingerprint(settings.raw_dir)
    return SalesOnly(settings, run_nightly_job(settings), raw_before)


def test_sales_lines_alone_build_and_publish_the_sales_marts(sales_only: SalesOnly) -> None:
    assert sales_only.outcome.success, sales_only.outcome.failures
    path = sales_only.settings.warehouse
    total = sum(float(r["amount"]) for r in ROWS["sales_lines"])
    for mart in SALES_MARTS:
        n, amount = query(f"SELECT count(*), sum(sales_amount) FROM {mart}", path=path).iloc[0].tolist()
        assert n > 0, mart
        assert amount == total, mart
    # Customers, reps and products are known from the invoices, even without their master files.
    assert query("SELECT list(customer_id ORDER BY customer_id) AS c FROM dim_customer", path=path).iloc[0, 0] \
        .tolist() == ["C1", "C3", "C4"]
    assert query("SELECT count(*) FROM dim_rep", path=path).iloc[0, 0] == 2
    assert query("SELECT count(*) FROM dim_product", path=path).iloc[0, 0] == 3


def test_load_log_says_every_other_source_was_absent(sales_only: SalesOnly) -> None:
    log = query("SELECT source, status, message FROM load_log ORDER BY source", path=sales_only.settings.warehouse)
    by_source = {r.source: (r.status, r.message) for r in log.itertuples()}
    assert sorted(s for s, (status, _m) in by_source.items() if status == "absent") == OTHER_SOURCES
    assert by_source["visits"][1].startswith("no files in visits/: marts that need this source are built empty")
    status, message = by_source["sales_lines"]
    assert status == "loaded"
    assert message == ("references not checked: customer_id (source customers absent), "
                       "rep_id (source reps absent), product_id (source products absent)")


def test_summary_lists_the_skipped_sources(sales_only: SalesOnly) -> None:
    text = summarize(sales_only.settings.warehouse)
    assert f"absent sources (their marts are empty): {', '.join(OTHER_SOURCES)}" in text.splitlines()
    assert "STOPPED" not in text
    assert raw_fingerprint(sales_only.settings.raw_dir) == sales_only.raw_before
