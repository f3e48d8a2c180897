"""Plausibility rules every contract shares: dates in a window the user can set, numbers the warehouse can hold,
and values far beyond the rest of their column flagged for review (kept, counted, listed)."""

from __future__ import annotations

from datetime import date

import pytest
from raw_loader import Loader
from test_bad_input import sales_rows, sales_with
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.contracts.plausibility import DateWindow
from pipelines.settings import Settings

SALES_FILE = "sales_lines/sales_lines.csv"


def problems(loader: Loader, source: str = "sales_lines") -> list[tuple]:
    return [(q["source_row"], q["column_name"], q["value"], q["rule"]) for q in loader.quarantine(source)
            if not q["rule"].startswith("amount must equal")]


def test_dates_outside_the_window_are_quarantined_and_never_set_the_as_of_date(loader: Loader) -> None:
    sales_with(loader, sales_rows(r1={"invoice_date": "1900-01-01"}, r3={"invoice_date": "2099-12-31"}))
    loader.snapshot()
    report = loader.ingest_sales()
    window = DateWindow()
    assert problems(loader) == [
        (3, "invoice_date", "1900-01-01", window.rule("event")),
        (5, "invoice_date", "2099-12-31", window.rule("event"))]
    assert window.rule("event").startswith(f"must be between 2000-01-01 and {window.last.isoformat()} (the plausible")
    assert report.stage.rows_accepted == 3
    # The as-of date defaults to the last accepted sales date.
    assert loader.rows("SELECT max(invoice_date)::VARCHAR FROM stg_sales_lines") == [("2024-03-05",)]


def test_the_window_is_set_by_the_user(loader: Loader) -> None:
    settings = Settings.from_env(environ={"SALESOPS_EARLIEST_DATE": "2024-02-01", "SALESOPS_FUTURE_MARGIN_DAYS": "3"})
    assert (settings.earliest_date, settings.future_margin_days) == (date(2024, 2, 1), 3)
    window = DateWindow.around(date(2024, 3, 1), settings.earliest_date, settings.future_margin_days)
    sales_with(loader, sales_rows())
    loader.snapshot()
    for name in ("regions", "reps", "customers", "products"):
        loader.ingest(name)
    loader.ingest("sales_lines", window=window)
    assert [(row, value) for row, _c, value, _r in problems(loader)] == [
        (2, "2024-01-15"), (3, "2024-01-15"), (6, "2024-03-05")]
    assert problems(loader)[0][3] == "must be between 2024-02-01 and 2024-03-04 (the plausible date window; set " \
                                     "SALESOPS_EARLIEST_DATE or SALESOPS_FUTURE_MARGIN_DAYS to widen it)"


def test_history_dates_may_be_old_but_not_an_empty_spreadsheet_date(loader: Loader) -> None:
    reps = [dict(r) for r in ROWS["reps"]]
    reps[0]["hire_date"] = "1995-03-01"  # a director hired long ago
    reps[2]["hire_date"] = "1900-01-01"  # Excel's empty date
    reps[3]["leave_date"] = "2099-06-30"  # a planned leaving date may lie far ahead
    write_tiny_company(loader.raw, ("regions",))
    write_source(loader.raw, "reps", reps)
    loader.snapshot()
    loader.ingest("regions")
    loader.ingest("reps")
    assert [(row, col, value) for row, col, value, _r in problems(loader, "reps")] == [(4, "hire_date", "1900-01-01")]
    assert loader.rows("SELECT rep_id FROM stg_reps ORDER BY 1") == [("D1",), ("M1",), ("P2",)]


@pytest.mark.parametrize("amount", ["1e15", "inf", "nan", "-1e13"])
def test_numbers_beyond_what_the_warehouse_holds_are_quarantined(loader: Loader, amount: str) -> None:
    sales_with(loader, sales_rows(r2={"amount": amount, "qty": amount}))
    loader.snapshot()
    loader.ingest_sales()
    rules = {(row, col): rule for row, col, _v, rule in problems(loader)}
    assert rules.get((4, "amount"), "").startswith("must be") and (4, "qty") in rules
    assert loader.rows("SELECT count(*), max(amount) FROM stg_sales_lines") == [(4, 200.0)]


def test_a_value_far_beyond_its_column_is_kept_and_flagged_for_review(loader: Loader) -> None:
    rows = [{"invoice_id": f"I{n}", "line_no": 1, "invoice_date": "2024-01-15", "customer_id": "C1", "rep_id": "P1",
             "product_id": "K1", "qty": 1 + n % 7, "unit_price": 10, "discount_pct": 0, "amount": 10 * (1 + n % 7)}
            for n in range(3000)]
    rows[1234].update(qty=50_000_000, amount=500_000_000)  # three zeros too many, twice over
    sales_with(loader, rows)
    loader.snapshot()
    report = loader.ingest_sales()
    assert report.stage.rows_accepted == 3000
    assert report.stage.values_flagged == 2
    flagged = loader.rows("SELECT source_file, source_row, column_name, value, bound FROM outliers ORDER BY 3")
    assert [(f, r, c, v) for f, r, c, v, _b in flagged] == [
        (SALES_FILE, 1236, "amount", 500_000_000.0), (SALES_FILE, 1236, "qty", 50_000_000.0)]
    assert flagged[0][4] == pytest.approx(70_000, rel=0.05)  # 1,000 x the 99.9th percentile (70)
