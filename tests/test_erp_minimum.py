"""The erp-zh sample cut to its minimum: sales exports without 行号, 折扣率 and 业务员, and no master files at all.
It must build end to end: every mart, dimension and page present, what is missing said in export terms."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import settings_in

from pipelines.build_outcome import EXIT_FAILED
from pipelines.contracts.synonyms import chinese_name
from pipelines.dashboards.registry import PAGES
from pipelines.definitions import build_definitions
from pipelines.generator.erp_zh import generate_erp_zh
from pipelines.orchestration.run_build import run_nightly_job
from pipelines.warehouse.readonly import query

MASTERS = ("regions", "reps", "customers", "products")
DROPPED = ("line_no", "discount_pct", "rep_id")
TABLE_PREFIXES = ("dim_", "fct_", "int_", "mart_")
RISK_TABLES = {"risk_customer_churn", "risk_stockout", "risk_channel_stuffing"}


def drop_columns(path: Path, headers: set[str]) -> None:
    """Rewrite a GBK sales export (title row, header, rows, 合计 row) without the named columns."""
    with path.open(encoding="gbk", newline="") as fh:
        title, header, *rows = list(csv.reader(fh))
    keep = [i for i, name in enumerate(header) if name not in headers]
    with path.open("w", encoding="gbk", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(title)
        out.writerows([[row[i] for i in keep] for row in [header, *rows]])


@pytest.fixture(scope="module")
def minimum(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("erp_minimum")
    raw = root / "raw"
    generate_erp_zh(raw, scale=0.003, seed=7)
    for master in MASTERS:
        shutil.rmtree(raw / master)
    files = sorted((raw / "sales_lines").glob("*.csv"))
    assert files
    for path in files:
        drop_columns(path, {chinese_name("sales_lines", c) for c in DROPPED})
    header = files[0].read_bytes().decode("gbk").splitlines()[1]
    assert "行号" not in header and "折扣率" not in header and "业务员" not in header and "客户编码" in header
    settings = settings_in(root, raw)
    return settings, run_nightly_job(settings)


def test_it_builds_every_table_of_the_graph(minimum) -> None:
    settings, outcome = minimum
    assert outcome.exit_code != EXIT_FAILED, outcome.failures
    built = set(query("SELECT table_name FROM information_schema.tables", path=settings.warehouse).table_name)
    expected = {key.path[-1] for key in build_definitions(settings).resolve_all_asset_keys()
                if key.path[-1].startswith(TABLE_PREFIXES)} | RISK_TABLES
    assert len([t for t in expected if t.startswith("mart_")]) > 30
    assert sorted(expected - built) == []
    sales = query("SELECT count(*) AS n, sum(sales_amount) AS s, list(DISTINCT rep_id) AS reps "
                  "FROM mart_sales_rep_month", path=settings.warehouse).iloc[0]
    assert sales.n > 0 and sales.s > 0 and sales.reps.tolist() == ["unassigned"]
    # Customers and products are named by their ids; nothing was quarantined for want of a master row.
    dim = query("SELECT count(*) AS n, count(*) FILTER (WHERE customer_name = customer_id AND NOT in_master) AS by_id "
                "FROM dim_customer", path=settings.warehouse).iloc[0]
    assert dim.n > 0 and dim.by_id == dim.n
    assert query("SELECT count(*) AS n FROM quarantine WHERE rule <> 'duplicate_redelivered'",
                 path=settings.warehouse).n[0] == 0


def test_what_is_missing_is_said_in_export_terms(minimum) -> None:
    settings, _outcome = minimum
    missing = query("SELECT source, coalesce(column_name, '') AS column_name, add_export, add_export_zh "
                    "FROM missing_inputs",
                    path=settings.warehouse)
    rows = {(r.source, r.column_name): (r.add_export, r.add_export_zh) for r in missing.itertuples()}
    assert rows[("sales_lines", "rep_id")] == ("add the column rep_id to the sales_lines export",
                                               "请在 sales_lines 导出中加入 rep_id 列")
    assert {("sales_lines", "discount_pct"), ("sales_lines", "line_no")} <= set(rows)
    for master in MASTERS:
        assert rows[(master, "")][0].startswith(f"add a {master} export with ")


def test_every_page_is_published_in_both_editions(minimum) -> None:
    settings, _outcome = minimum
    out = settings.dashboards_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["pages"]) == sorted(p.slug for p in PAGES)
    for page in PAGES:
        assert (out / page.file_name).is_file() and (out / "zh" / page.file_name).is_file(), page.slug
        statuses = {s["status"] for s in manifest["pages"][page.slug]["sections"]}
        assert "error" not in statuses, (page.slug, manifest["pages"][page.slug]["sections"])
    # Targets are set by region: sales without customer regions meet none, and the page says which export to add.
    attainment = next(s for s in manifest["pages"]["targets"]["sections"] if s["key"] == "targets.attainment")
    assert (attainment["status"], attainment["exports"]) == ("nodata", ["customers"])
