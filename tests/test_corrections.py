"""Corrections: a re-delivered period with changed lines. The later delivery wins by the delivery order the
pipeline records (modification time, then name), never by how the file names sort; the superseded rows go to
the corrections table beside the rows that replaced them, and the summary counts them.
"""

from __future__ import annotations

import json
import os

import pytest
from raw_loader import Loader
from test_bad_input import sales_rows, sales_with
from tiny_company import write_source

from pipelines.build_summary import summarize

ORIGINAL = "sales_2024-02.csv"
DAY = 86_400


@pytest.mark.parametrize("correction", ["sales_2024-02_v2.csv", "sales_2024-02 更正.csv"])
def test_the_later_delivery_wins_whatever_its_name(loader: Loader, correction: str) -> None:
    rows = sales_rows()
    original = sales_with(loader, rows[:4], ORIGINAL)
    # The correction re-sends February: I1/2 and I3/1 changed, I1/1 unchanged, I2/1 not re-sent.
    fixed = [rows[0], rows[1] | {"qty": 5, "amount": 100}, rows[3] | {"unit_price": 9, "amount": 90}]
    resent = write_source(loader.raw, "sales_lines", fixed, correction)
    os.utime(original, (1_700_000_000, 1_700_000_000))
    os.utime(resent, (1_700_000_000 + DAY, 1_700_000_000 + DAY))
    loader.snapshot()
    stage = loader.ingest_sales().stage
    assert loader.rows("SELECT invoice_id, line_no, qty, amount, _source_file FROM stg_sales_lines ORDER BY 1, 2") == [
        ("I1", 1, 10.0, 100.0, f"sales_lines/{ORIGINAL}"),  # an exact re-delivery keeps the first row
        ("I1", 2, 5.0, 100.0, f"sales_lines/{correction}"),
        ("I2", 1, 20.0, 380.0, f"sales_lines/{ORIGINAL}"),
        ("I3", 1, 10.0, 90.0, f"sales_lines/{correction}")]
    assert [q["rule"] for q in loader.quarantine("sales_lines")] == ["duplicate_redelivered"]
    corrections = loader.rows("SELECT key, changed_columns, superseded_file, superseded_row, superseded_record, "
                              "kept_file, kept_row, kept_record FROM corrections ORDER BY superseded_row")
    assert [(c[0], c[1], c[2], c[3], c[5], c[6]) for c in corrections] == [
        ("invoice_id=I1, line_no=2", ["qty", "amount"], f"sales_lines/{ORIGINAL}", 3,
         f"sales_lines/{correction}", 3),
        ("invoice_id=I3, line_no=1", ["unit_price", "amount"], f"sales_lines/{ORIGINAL}", 5,
         f"sales_lines/{correction}", 4)]
    assert (json.loads(corrections[0][4])["qty"], json.loads(corrections[0][7])["qty"]) == ("10.0", "5.0")
    assert (stage.rows_superseded, stage.rows_redelivered, stage.rows_quarantined, stage.quarantined_share) == (
        2, 1, 0, 0)
    assert loader.rows("SELECT source_file, delivery_order, data_rows, rows_accepted, rows_redelivered, "
                       "rows_superseded FROM raw_files WHERE source = 'sales_lines' ORDER BY delivery_order") == [
        (f"sales_lines/{ORIGINAL}", 1, 4, 2, 0, 2), (f"sales_lines/{correction}", 2, 3, 2, 1, 0)]
    loader.con.close()
    assert "2 rows corrected by a later delivery: SELECT * FROM corrections" in summarize(loader.raw.parent /
                                                                                         "warehouse.duckdb")


def test_an_older_file_delivered_last_wins(loader: Loader) -> None:
    rows = sales_rows()
    late = sales_with(loader, [rows[2] | {"qty": 10, "amount": 190}], "sales_2024-02_fix.csv")
    early = write_source(loader.raw, "sales_lines", rows[:3], "sales_2024-03.csv")
    os.utime(early, (1_700_000_000, 1_700_000_000))
    os.utime(late, (1_700_000_000 + DAY, 1_700_000_000 + DAY))
    loader.snapshot()
    loader.ingest_sales()
    assert loader.rows("SELECT amount, _source_file FROM stg_sales_lines WHERE invoice_id = 'I2'") == [
        (190.0, "sales_lines/sales_2024-02_fix.csv")]
    assert loader.rows("SELECT superseded_file, kept_file FROM corrections") == [
        ("sales_lines/sales_2024-03.csv", "sales_lines/sales_2024-02_fix.csv")]


def test_a_changed_duplicate_within_one_file_is_still_a_duplicate_key(loader: Loader) -> None:
    rows = sales_rows()
    sales_with(loader, [*rows[:3], rows[2] | {"qty": 10, "amount": 190}])
    loader.snapshot()
    loader.ingest_sales()
    assert [q["rule"] for q in loader.quarantine("sales_lines")] == ["duplicate key"]
    assert loader.rows("SELECT count(*) FROM corrections") == [(0,)]
    assert loader.rows("SELECT amount FROM stg_sales_lines WHERE invoice_id = 'I2'") == [(380.0,)]
