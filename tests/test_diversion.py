"""窜货 (cross-region diversion) on hand-made sell-out rows: the dbt models judge every line, the mart holds the
crossings only, and the Inventory page shows them with how many lines could be checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from conftest import settings_in
from tiny_company import write_source, write_tiny_company

from pipelines.dashboards.build import MANIFEST, build_dashboards

# Tiny company: C1 (distributor) and C2 in region R1; C3 and C4 in R2. The as-of date is 2024-03-05.
SELL_OUT = [
    {"sell_out_id": "SO1", "sale_date": "2024-02-05", "distributor_id": "C1", "terminal_id": "C2",
     "product_id": "K2", "qty": 8, "amount": 176},   # inside R1: not diversion
    {"sell_out_id": "SO2", "sale_date": "2024-02-10", "distributor_id": "C1", "terminal_id": "C3",
     "product_id": "K1", "qty": 5, "amount": 60},    # R1 -> R2
    {"sell_out_id": "SO3", "sale_date": "2024-02-20", "distributor_id": "C1", "terminal_id": "C4",
     "product_id": "K1", "qty": 7, "amount": 84},    # R1 -> R2, same month and product: one mart row with SO2
    {"sell_out_id": "SO4", "sale_date": "2024-03-01", "distributor_id": "C1", "terminal_id": "",
     "product_id": "K1", "qty": 3, "amount": 36},    # no terminal: cannot be judged
    {"sell_out_id": "SO5", "sale_date": "2024-03-02", "distributor_id": "C1", "terminal_id": "T999",
     "product_id": "K1", "qty": 4, "amount": 48},    # terminal not in the customer master: cannot be judged
    {"sell_out_id": "SO6", "sale_date": "2024-03-04", "distributor_id": "C3", "terminal_id": "C2",
     "product_id": "K2", "qty": 2, "amount": 44},    # R2 -> R1
]


@pytest.fixture(scope="module")
def diverted(tmp_path_factory: pytest.TempPathFactory):
    from pipelines.orchestration.run_build import run_nightly_job

    root = tmp_path_factory.mktemp("diversion")
    raw = write_tiny_company(root / "raw")
    write_source(raw, "sell_out", SELL_OUT)
    settings = settings_in(root, raw)
    outcome = run_nightly_job(settings)
    assert outcome.success, outcome.failures
    return settings


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_line_is_judged_and_only_crossings_reach_the_mart(diverted) -> None:
    judged = dict(_rows(diverted.warehouse, "SELECT sell_out_id, is_cross_region FROM int_sell_out_regions"))
    assert judged == {"SO1": False, "SO2": True, "SO3": True, "SO4": None, "SO5": None, "SO6": True}
    mart = _rows(diverted.warehouse, "SELECT strftime(month_start, '%Y-%m'), distributor_id, region_id, "
                                     "terminal_region_id, product_id, lines, terminals, qty, amount "
                                     "FROM mart_cross_region_sell_out ORDER BY 1, 2")
    assert mart == [("2024-02", "C1", "R1", "R2", "K1", 2, 2, 12.0, 144.0),
                    ("2024-03", "C3", "R2", "R1", "K2", 1, 1, 2.0, 44.0)]


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    payload = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', text, re.S).group(1)
    return json.loads(payload.replace("<\\/", "</"))


def test_the_inventory_page_shows_the_diversion_and_what_was_checked(diverted) -> None:
    pages = diverted.dashboards_dir
    manifest = json.loads((pages / MANIFEST).read_text(encoding="utf-8"))
    status = {s["key"]: s["status"] for s in manifest["pages"]["inventory"]["sections"]}
    assert status["inventory.diversion"] == "ok" and status["inventory.diversion_table"] == "ok"
    data = _page_data(pages / "inventory.html")
    table = next(s for s in data["sections"] if s["kind"] == "table" and s["rows"]
                 and any(c["label"] == "Sold into region" for c in s["columns"]))
    by = {c["label"]: c["index"] for c in table["columns"]}
    assert sorted((r[by["Distributor"]], r[by["Sold into region"]], r[by["Units sold outside the region"]])
                  for r in table["rows"]) == [("Dist One", "R2", 12), ("Retail Three", "R1", 2)]
    chart = next(s for s in data["sections"] if s["kind"] == "figure" and s.get("by_period") == "sum"
                 and any(t.get("name") for f in s["variants"].values() for t in f["data"])
                 and "2024-02" in " ".join(s["variants"]))
    bars = chart["variants"]["__all__|2024-02"]["data"]
    assert [(t["y"], t["x"]) for t in bars] == [(["Dist One"], [12.0])]
    html = (pages / "inventory.html").read_text(encoding="utf-8")
    assert "4 of 6 sell-out lines name a terminal of known region; 3 of them (75.0%) crossed regions" in html
    zh = (pages / "zh" / "inventory.html").read_text(encoding="utf-8")
    assert "6 条流向记录中 4 条的终端区域可知，其中 3 条（75.0%）跨区销售" in zh


def test_sell_out_without_terminals_says_which_column_to_add(tmp_path) -> None:
    """A warehouse whose sell-out names no terminal: the sections say why they are empty, not "no diversion"."""
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE TABLE build_params AS SELECT DATE '2024-03-31' AS as_of")
    con.execute("CREATE TABLE dim_region AS SELECT 'R1' AS region_id, 'East' AS region_name")
    con.execute("CREATE TABLE dim_customer AS SELECT 'C1' AS customer_id, 'Dist One' AS customer_name")
    con.execute("CREATE TABLE stg_sell_out AS SELECT 'SO1' AS sell_out_id")
    con.execute("CREATE TABLE int_sell_out_regions AS SELECT 'SO1' AS sell_out_id, DATE '2024-03-01' AS month_start, "
                "'C1' AS distributor_id, 'R1' AS distributor_region_id, NULL::VARCHAR AS terminal_id, "
                "NULL::VARCHAR AS terminal_region_id, 'K1' AS product_id, 3.0 AS qty, NULL::DOUBLE AS amount, "
                "NULL::BOOLEAN AS is_cross_region")
    con.execute("CREATE TABLE mart_cross_region_sell_out AS SELECT * FROM (SELECT DATE '2024-03-01' AS month_start, "
                "'C1' AS distributor_id, 'R1' AS region_id, 'R2' AS terminal_region_id, 'K1' AS product_id, "
                "1 AS lines, 1 AS terminals, 1.0 AS qty, 1.0 AS amount) WHERE false")
    con.close()
    out = tmp_path / "dash"
    build_dashboards(warehouse, out, "en", pages=["inventory"], strict=True)
    sections = {s["key"]: s for s in json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]["inventory"]
                ["sections"]}
    assert sections["inventory.diversion"]["status"] == "nodata"
    html = (out / "inventory.html").read_text(encoding="utf-8")
    assert "names no terminal (column terminal_id)" in html and "data/raw/sell_out/" in html

