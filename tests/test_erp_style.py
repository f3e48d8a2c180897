"""The sample company written as a Chinese ERP exports it builds the same marts as the standard sample."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.contracts import ALL_CONTRACTS
from pipelines.dbt_layer.compiled_sql import run_models
from pipelines.generator import generate_company
from pipelines.generator.erp_zh import generate_erp_zh
from pipelines.ingest.ingest_source import ingest_source
from pipelines.warehouse.build_params import write_build_params

SCALE = 0.005


def build(raw: Path, db: Path) -> tuple[duckdb.DuckDBPyConnection, dict[str, str]]:
    """Ingest every source and run every SQL model, without Dagster; the load notes by source."""
    con = duckdb.connect(str(db))
    notes = {c.name: ingest_source(con, c, raw, db.parent / "build").message for c in ALL_CONTRACTS}
    write_build_params(con, None)
    run_models(con)
    return con, notes


def rows_by_key(con: duckdb.DuckDBPyConnection, table: str) -> dict[tuple, list[tuple]]:
    """The table's rows without display names and lineage: the other columns as the key, the doubles as values."""
    columns = [(n, t) for n, t, *_ in con.execute(f'DESCRIBE "{table}"').fetchall()
               if not n.endswith("_name") and "source_file" not in n and "source_row" not in n]
    keys = [n for n, t in columns if t != "DOUBLE"]
    values = [n for n, t in columns if t == "DOUBLE"]
    out: dict[tuple, list[tuple]] = {}
    select = ", ".join(f'"{n}"' for n in keys + values)
    for row in con.execute(f'SELECT {select} FROM "{table}"').fetchall():
        out.setdefault(row[:len(keys)], []).append(row[len(keys):])
    return {k: sorted(v, key=lambda r: [x if x is not None else float("-inf") for x in r]) for k, v in out.items()}


def same_number(a: float | None, b: float | None) -> bool:
    """Equal up to summation order: rows arrive in another order from workbooks than from CSV, so a sum may
    differ in its last bits."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def same_table(left: dict[tuple, list[tuple]], right: dict[tuple, list[tuple]]) -> bool:
    if left.keys() != right.keys():
        return False
    return all(len(lv) == len(rv) and all(same_number(a, b) for lr, rr in zip(lv, rv, strict=True)
                                           for a, b in zip(lr, rr, strict=True))
               for key in left for lv, rv in [(left[key], right[key])])


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("styles")
    generate_company(root / "standard" / "raw", scale=SCALE, seed=11)
    generate_erp_zh(root / "erp" / "raw", scale=SCALE, seed=11)
    standard, _ = build(root / "standard" / "raw", root / "standard" / "w.duckdb")
    erp, notes = build(root / "erp" / "raw", root / "erp" / "w.duckdb")
    yield standard, erp, notes, root / "erp" / "raw"
    standard.close()
    erp.close()


def test_erp_style_files_are_workbooks_and_gbk_csv_with_chinese_headers(both) -> None:
    *_, raw = both
    assert (raw / "customers" / "客户档案.xlsx").is_file()
    sales = sorted((raw / "sales_lines").iterdir())[0]
    text = sales.read_bytes().decode("gbk")
    title, header = text.splitlines()[:2]
    assert title.endswith("销售出库单") and header.startswith("单据编号,单据日期,客户编码")
    assert "行号" not in header  # the minimum-columns path numbers the lines
    assert text.splitlines()[-1].startswith("合计,")
    assert "年" in text.splitlines()[2].split(",")[1]  # 2023年11月1日
    assert (raw / "budgets" / "mapping.yaml").read_text(encoding="utf-8").endswith("amount: 10000\n")


def test_every_source_loads_without_a_quarantined_row_or_a_warning(both) -> None:
    _standard, erp, notes, _raw = both
    assert erp.execute("SELECT count(*) FROM quarantine WHERE rule <> 'duplicate_redelivered'").fetchone()[0] == 0
    assert not [n for n in notes.values() if "WARNING" in n]
    assert "line_no not in the export: numbered by row order within the invoice" in notes["sales_lines"]


def test_both_styles_build_identical_marts_apart_from_display_names(both) -> None:
    standard, erp, _notes, _raw = both
    tables = [t for (t,) in standard.execute(
        "SELECT table_name FROM information_schema.tables WHERE regexp_matches(table_name, '^(dim|fct|int|mart)_') "
        "ORDER BY 1").fetchall()]
    assert len(tables) > 30
    differing = [t for t in tables if not same_table(rows_by_key(standard, t), rows_by_key(erp, t))]
    assert differing == []
    names = erp.execute("SELECT customer_name FROM dim_customer LIMIT 1").fetchone()[0]
    assert not names.isascii()
