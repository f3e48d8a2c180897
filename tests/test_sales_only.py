"""A company that only exports sales lines still gets its sales marts, and is told what was skipped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import check_evaluations, settings_in
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


def test_churn_scores_every_customer_and_the_models_that_cannot_train_warn(sales_only: SalesOnly) -> None:
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    path = sales_only.settings.warehouse
    churn = query("SELECT customer_id, probability, scored_by FROM risk_customer_churn ORDER BY 1", path=path)
    assert churn["customer_id"].tolist() == ["C1", "C3", "C4"]  # every customer on the invoices
    assert churn["probability"].between(0, 1).all() and set(churn["scored_by"]) == {"bg_nbd"}
    text = summarize(path)
    assert any(line.startswith("churn") and "bg_nbd" in line and "3/3" in line for line in text.splitlines()), text
    assert "WARNING risk stockout: stock-out model skipped: no inventory snapshots were delivered" in text
    # The same reasons reach Dagster as WARN-severity asset checks (the build still succeeds).
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(sales_only.settings.dagster_home))) as instance:
        checks = check_evaluations(instance, sales_only.outcome.run_id)
    for table, words in (("risk_customer_churn", "bg_nbd scores instead"), ("risk_stockout", "no inventory"),
                         ("risk_channel_stuffing", "no sell-out")):
        check = checks[(table, "model_ran")]
        assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
        assert words in check.description


def test_dashboards_say_which_exports_to_add_instead_of_showing_zeros(sales_only: SalesOnly) -> None:
    """Sales lines only: no 0% collection rate and no "all sections with data" for collections; every empty
    section names the export that would fill it and its folder, in both editions."""
    import json

    out = sales_only.settings.dashboards_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sections = {s["key"]: s for s in manifest["pages"]["collections"]["sections"]}
    assert all(s["status"] == "nodata" and s["exports"] == ["collections"] for s in sections.values()), sections
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"0 / {len(sections)}" in index
    assert "data/raw/collections/" in index and "data/raw/expenses/" in index
    page = (out / "collections.html").read_text(encoding="utf-8")
    assert "data/raw/collections/" in page and "Collections (cash received)" in page
    assert "回款：文件放入" in (out / "zh" / "collections.html").read_text(encoding="utf-8")
    # The overview keeps its sales card and says which cards need which export, instead of showing zeros.
    overview = (out / "overview.html").read_text(encoding="utf-8")
    cards = json.loads(overview.split('<script id="page-data" type="application/json">')[1].split("</script>")[0])
    kpis = next(s for s in cards["sections"] if s["kind"] == "kpis")
    assert [m["key"] for m in kpis["metrics"]] == ["sales_amount", "gross_margin"]
    assert "Not shown without the Collections (cash received) export (data/raw/collections/)" in overview
