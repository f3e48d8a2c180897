"""Bad input, one case at a time, through ingest_source on a real DuckDB file: the message a user sees.

Structural errors stop the source with a SourceError naming file, row, column and rule; row errors
go to the quarantine table with file, row, column, value and rule while good rows flow. Every test
also checks that nothing under the raw folder was changed (see the `loader` fixture).
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from raw_loader import MASTERS, Loader
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.contracts import CONTRACTS, Contract
from pipelines.ingest.errors import SourceError

SALES_FILE = "sales_lines/sales_lines.csv"
AMOUNT_RULE = "amount must equal qty x unit_price x (1 - discount_pct) within 1%"


def sales_rows(**changes_by_index: dict[str, object]) -> list[dict[str, object]]:
    """The tiny company's sales lines with some values changed, e.g. sales_rows(r2={"qty": "abc"})."""
    rows = [dict(r) for r in ROWS["sales_lines"]]
    for key, change in changes_by_index.items():
        rows[int(key.removeprefix("r"))].update(change)
    return rows


def sales_with(loader: Loader, rows: list[dict[str, object]], file_name: str | None = None) -> Path:
    write_tiny_company(loader.raw, MASTERS)
    return write_source(loader.raw, "sales_lines", rows, file_name)


def stopped(loader: Loader, source: str, contract: Contract | None = None) -> SourceError:
    loader.snapshot()
    with pytest.raises(SourceError) as info:
        loader.ingest(source, contract)
    log = loader.load_log(source)
    assert log["status"] == "stopped"
    assert log["message"] == info.value.message
    return info.value


def only_problem(loader: Loader, source: str) -> dict[str, object]:
    problems = [q for q in loader.quarantine(source) if q["rule"] != AMOUNT_RULE]
    assert len(problems) == 1, problems
    return problems[0]


# --- structural errors: the source stops with a message naming file, row, column and rule ---------------


def test_empty_file_stops_the_source(loader: Loader) -> None:
    write_source(loader.raw, "regions", ROWS["regions"], "regions_a.csv")
    (loader.raw / "regions" / "regions_b.csv").write_bytes(b"")
    err = stopped(loader, "regions")
    assert err.message == ("source 'regions', file regions/regions_b.csv: the file is empty (0 bytes). "
                           "Re-export it, or remove it if it was delivered by mistake")


def test_file_neither_utf8_nor_gbk_stops_the_source(loader: Loader) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    (folder / "regions.csv").write_bytes(b"region_id,region_name\nR1,\x80\xff\xfe\n")
    err = stopped(loader, "regions")
    assert err.message == ("source 'regions', file regions/regions.csv: the file is neither UTF-8, UTF-16 nor GBK "
                           "text. Save it from Excel as 'CSV UTF-8 (comma delimited)'")
    assert not (loader.work / "transcoded" / "regions" / "regions.csv").exists(), "half-written copy left behind"


def test_excel_workbook_saved_with_a_csv_name_stops_the_source(loader: Loader) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + "<row>R1 East</row>" * 200 + "</worksheet>")
    (folder / "regions.csv").write_bytes(buffer.getvalue())
    err = stopped(loader, "regions")
    assert err.message == ("source 'regions', file regions/regions.csv: the file is neither UTF-8, UTF-16 nor GBK "
                           "text. Save it from Excel as 'CSV UTF-8 (comma delimited)'")


def test_files_that_are_not_exports_are_named_as_not_read(loader: Loader) -> None:
    write_source(loader.raw, "regions", ROWS["regions"])
    (loader.raw / "regions" / "regions_2024.pdf").write_bytes(b"%PDF")
    (loader.raw / "regions" / "~$regions.xlsx").write_bytes(b"lock")  # Excel's lock file of an open workbook
    (loader.raw / "regions" / "archive").mkdir()
    (loader.raw / "regions" / "archive" / "old.csv").write_text("region_id,region_name\nR9,Old\n", encoding="utf-8")
    (loader.raw / "visits").mkdir()
    (loader.raw / "visits" / "visits.docx").write_bytes(b"PK\x03\x04")
    loader.snapshot()
    report = loader.ingest("regions")
    assert report.message == "not read (not a CSV, text, Excel or Parquet file): archive/, regions_2024.pdf"
    assert loader.rows("SELECT region_id FROM stg_regions ORDER BY 1") == [("R1",), ("R2",)]
    report = loader.ingest("visits")
    assert report.status == "absent"
    assert report.message.startswith("no files in visits/: marts that need this source are built empty; "
                                     "not read (not a CSV, text, Excel or Parquet file): visits.docx")


def test_gbk_file_with_chinese_names_loads_through_a_utf8_copy(loader: Loader) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    text = "region_id,region_name,province\nR1,华东大区,浙江\nR2,华北,河北\n"
    (folder / "regions.csv").write_bytes(text.encode("gbk"))
    loader.snapshot()
    report = loader.ingest("regions")
    assert report.status == "loaded"
    assert report.message == "regions/regions.csv was GBK-encoded; read through a UTF-8 copy"
    assert loader.rows("SELECT region_id, region_name, province FROM stg_regions ORDER BY 1") == [
        ("R1", "华东大区", "浙江"), ("R2", "华北", "河北")]
    copy = loader.work / "transcoded" / "regions" / "regions.csv"
    assert copy.read_text(encoding="utf-8") == text
    assert (folder / "regions.csv").read_bytes() == text.encode("gbk")


def test_missing_required_column_names_the_column_and_what_was_found(loader: Loader) -> None:
    write_source(loader.raw, "regions", ROWS["regions"], columns=["region_id", "province"])
    err = stopped(loader, "regions")
    assert (err.file, err.row, err.column) == ("regions/regions.csv", 1, "region_name")
    assert err.message == ("source 'regions', file regions/regions.csv, row 1, column 'region_name': "
                           "required column is missing from the header. Found columns: region_id, province. Name "
                           "the column in the header, or map it in regions/mapping.yaml (salesops map FILE --source "
                           "regions proposes one)")


@pytest.mark.parametrize("header", ["region_id,region_name,region_name", "region_id,region_name,Region_Name "])
def test_duplicated_header_column_stops_the_source(loader: Loader, header: str) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    (folder / "regions.csv").write_text(f"{header}\nR1,East,Other\n", encoding="utf-8")
    err = stopped(loader, "regions")
    assert err.message == ("source 'regions', file regions/regions.csv, row 1, column 'region_name': "
                           "the header names this column twice (columns B and C). "
                           "Delete or rename one of the two columns")


def test_unknown_column_stops_a_strict_source(loader: Loader) -> None:
    write_source(loader.raw, "regions", ROWS["regions"], columns=["region_id", "region_name", "colour"])
    strict = dataclasses.replace(CONTRACTS["regions"], strict=True)
    err = stopped(loader, "regions", strict)
    assert err.message == ("source 'regions', file regions/regions.csv, row 1, column 'colour': "
                           "column is not in the contract. "
                           "Allowed columns: region_id, region_name, province, head_rep_id")


def test_unknown_column_is_ignored_and_noted_in_a_lenient_source(loader: Loader) -> None:
    write_source(loader.raw, "regions", ROWS["regions"], columns=["colour", "region_id", "region_name"])
    loader.snapshot()
    report = loader.ingest("regions")
    assert report.status == "loaded"
    assert report.message == "regions/regions.csv: ignored columns not in the contract: colour"
    assert loader.load_log("regions")["message"] == report.message
    assert loader.rows("SELECT region_id, region_name FROM stg_regions ORDER BY 1") == [
        ("R1", "East / 华东"), ("R2", "North / 华北")]


def test_unreadable_parquet_file_stops_the_source(loader: Loader) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    (folder / "regions.parquet").write_bytes(b"PAR1 this is not parquet")
    err = stopped(loader, "regions")
    assert err.message.startswith("source 'regions', file regions/regions.parquet: the file cannot be read (")
    assert err.message.endswith("). Check that it is a CSV, text, Excel or Parquet file with a header row")


def test_required_sales_lines_source_absent_stops_with_where_to_put_files(loader: Loader) -> None:
    write_tiny_company(loader.raw, MASTERS)
    err = stopped(loader, "sales_lines")
    folder = loader.raw / "sales_lines"
    assert err.message == (f"source 'sales_lines', file {folder}: no CSV, text, Excel or Parquet file found; "
                           f"this source is required. Put your sales-line exports in {folder}/; a project without "
                           f"sales needs files in {loader.raw / 'footfall_counts'}/ instead (see data/raw/README.md)")


def test_required_sales_lines_delivered_only_as_a_pdf_says_so(loader: Loader) -> None:
    (loader.raw / "sales_lines").mkdir()
    (loader.raw / "sales_lines" / "sales 2024.pdf").write_bytes(b"%PDF")
    err = stopped(loader, "sales_lines")
    assert err.rule == ("no CSV, text, Excel or Parquet file found; found only sales 2024.pdf, which are not read; "
                        "this source is required")


def test_a_broken_workbook_stops_the_source_naming_the_file(loader: Loader) -> None:
    (loader.raw / "sales_lines").mkdir()
    (loader.raw / "sales_lines" / "sales 2024.xlsx").write_bytes(b"PK\x03\x04")
    err = stopped(loader, "sales_lines")
    assert err.file == "sales_lines/sales 2024.xlsx"
    assert err.rule.startswith("the file cannot be read (")


def test_absent_optional_source_is_logged_as_absent_with_an_empty_table(loader: Loader) -> None:
    loader.snapshot()
    report = loader.ingest("visits")
    assert report.status == "absent"
    assert report.message.startswith("no files in visits/: marts that need this source are built empty")
    assert loader.load_log("visits")["status"] == "absent"
    assert loader.rows("SELECT count(*) FROM stg_visits") == [(0,)]


# --- row errors: quarantined with file, row, column, value and rule; good rows flow ---------------------


def test_unparseable_date_is_quarantined_and_good_rows_flow(loader: Loader) -> None:
    sales_with(loader, sales_rows(r1={"invoice_date": "2024-13-45"}, r3={"invoice_date": "2024/2/10"}))
    loader.snapshot()
    report = loader.ingest_sales()
    assert only_problem(loader, "sales_lines") | {"raw_record": None} == {
        "source_file": SALES_FILE, "source_row": 3, "column_name": "invoice_date", "value": "2024-13-45",
        "rule": "must be a date like 2025-03-31", "raw_record": None,
        "reason": f"{SALES_FILE} row 3, column invoice_date (C): value '2024-13-45' breaks rule: "
                  "must be a date like 2025-03-31"}
    assert (report.stage.rows_in, report.stage.rows_accepted, report.stage.rows_quarantined) == (5, 4, 1)
    # Excel's 2024/2/10 spelling is a date, not an error.
    assert loader.rows("SELECT invoice_date::VARCHAR FROM stg_sales_lines WHERE invoice_id = 'I3'") == [
        ("2024-02-10",)]


def test_unparseable_number_is_quarantined_with_the_raw_record(loader: Loader) -> None:
    sales_with(loader, sales_rows(r2={"qty": "twenty"}, r0={"amount": "1,000.00", "qty": 100}))
    loader.snapshot()
    loader.ingest_sales()
    problem = only_problem(loader, "sales_lines")
    assert problem["reason"] == (f"{SALES_FILE} row 4, column qty (G): value 'twenty' breaks rule: "
                                 "must be a number like 1234.50")
    assert json.loads(problem["raw_record"])["invoice_id"] == "I2"
    # A thousands separator is a number.
    assert loader.rows("SELECT amount FROM stg_sales_lines WHERE invoice_id = 'I1' AND line_no = 1") == [(1000.0,)]


def test_negative_qty_in_sales_lines_is_quarantined(loader: Loader) -> None:
    sales_with(loader, sales_rows(r4={"qty": -25, "amount": -50}))
    loader.snapshot()
    loader.ingest_sales()
    problems = {q["column_name"]: q["reason"] for q in loader.quarantine("sales_lines")}
    assert problems == {
        "qty": f"{SALES_FILE} row 6, column qty (G): value '-25' breaks rule: must be greater than 0",
        "amount": f"{SALES_FILE} row 6, column amount (J): value '-50' breaks rule: must be at least 0"}
    assert loader.rows("SELECT count(*) FROM stg_sales_lines WHERE invoice_id = 'I4'") == [(0,)]


def test_value_above_the_maximum_is_quarantined(loader: Loader) -> None:
    sales_with(loader, sales_rows(r0={"discount_pct": 0.95, "amount": 5}))
    loader.snapshot()
    loader.ingest_sales()
    assert only_problem(loader, "sales_lines")["reason"] == (
        f"{SALES_FILE} row 2, column discount_pct (I): value '0.95' breaks rule: must be at most 0.9")


def test_unknown_allowed_value_lists_the_allowed_ones(loader: Loader) -> None:
    customers = [dict(r) for r in ROWS["customers"]]
    customers[2]["customer_type"] = "wholesaler"
    customers[3]["customer_type"] = "Hospital"  # case does not matter
    write_tiny_company(loader.raw, ("regions", "reps"))
    write_source(loader.raw, "customers", customers)
    loader.snapshot()
    for name in ("regions", "reps"):
        loader.ingest(name)
    report = loader.ingest("customers")
    assert [q["reason"] for q in loader.quarantine("customers")] == [
        "customers/customers.csv row 4, column customer_type (C): value 'wholesaler' breaks rule: must be one of "
        "distributor, agent, terminal, hospital, retailer, corporate"]
    assert report.stage.rows_accepted == 3
    assert loader.rows("SELECT customer_type FROM stg_customers WHERE customer_id = 'C4'") == [("hospital",)]


def test_empty_required_value_is_quarantined(loader: Loader) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    (folder / "regions.csv").write_text("region_id,region_name\nR1,East\nR2,   \n,North\n", encoding="utf-8")
    loader.snapshot()
    report = loader.ingest("regions")
    assert [(q["source_row"], q["column_name"], q["rule"], q["reason"]) for q in loader.quarantine("regions")] == [
        (3, "region_name", "must not be empty",
         "regions/regions.csv row 3, column region_name (B): value '' breaks rule: must not be empty"),
        (4, "region_id", "must not be empty",
         "regions/regions.csv row 4, column region_id (A): value '' breaks rule: must not be empty"),
    ]
    assert (report.stage.rows_accepted, report.stage.rows_quarantined) == (1, 2)


def test_duplicate_key_within_a_file_keeps_the_first_row(loader: Loader) -> None:
    rows = sales_rows()
    rows.append(rows[0] | {"qty": 20, "amount": 200})
    sales_with(loader, rows)
    loader.snapshot()
    report = loader.ingest_sales()
    problem = only_problem(loader, "sales_lines")
    assert (problem["source_row"], problem["column_name"], problem["value"], problem["rule"]) == (
        7, "invoice_id+line_no", "invoice_id=I1, line_no=1", "duplicate key")
    assert problem["reason"] == (
        f"{SALES_FILE} row 7, column invoice_id+line_no: value 'invoice_id=I1, line_no=1' breaks rule: "
        f"duplicate key: invoice_id=I1, line_no=1 already loaded from {SALES_FILE} row 2")
    assert loader.rows("SELECT qty FROM stg_sales_lines WHERE invoice_id = 'I1' AND line_no = 1") == [(10.0,)]
    assert report.stage.rows_quarantined == 1


def test_an_id_missing_from_its_delivered_master_is_kept_as_a_member_not_quarantined(loader: Loader) -> None:
    sales_with(loader, sales_rows(r3={"customer_id": "C999"}, r4={"customer_id": "C999", "product_id": "K9"}))
    loader.snapshot()
    report = loader.ingest_sales()
    assert loader.quarantine("sales_lines") == []
    assert report.stage.rows_accepted == 5 and report.stage.members_from_ids == 2
    assert loader.rows("SELECT * FROM members_from_ids ORDER BY master_source") == [
        ("customers", "customer_id", "C999", "sales_lines", "customer_id", 2, SALES_FILE, 5),
        ("products", "product_id", "K9", "sales_lines", "product_id", 1, SALES_FILE, 6)]
    assert ("2 id(s) with no row in their master export kept as members named by their id: "
            "SELECT * FROM members_from_ids WHERE referring_source = 'sales_lines'") in report.message


def test_foreign_keys_to_an_absent_source_are_not_checked_and_say_so(loader: Loader) -> None:
    write_source(loader.raw, "sales_lines", sales_rows(r3={"customer_id": "C999"}))
    loader.snapshot()
    report = loader.ingest("sales_lines")
    assert report.stage.rows_accepted == 5
    assert report.message == ("references not checked: customer_id (source customers absent), "
                              "rep_id (source reps absent), product_id (source products absent)")


def test_amount_rule_violation_is_quarantined(loader: Loader) -> None:
    sales_with(loader, sales_rows(r2={"amount": 999}))
    loader.snapshot()
    loader.ingest_sales()
    assert [q["reason"] for q in loader.quarantine("sales_lines")] == [
        f"{SALES_FILE} row 4, column amount (J): value '999' breaks rule: {AMOUNT_RULE}"]


def test_identical_redelivered_row_is_not_double_counted_nor_a_quarantine_problem(loader: Loader) -> None:
    rows = sales_rows()
    sales_with(loader, rows[:3], "sales_2024-02.csv")
    # The March file repeats February's last line unchanged (an overlapping export) and adds two.
    write_source(loader.raw, "sales_lines", rows[2:], "sales_2024-03.csv")
    loader.snapshot()
    report = loader.ingest_sales()
    assert [(q["source_file"], q["source_row"], q["rule"], q["reason"]) for q in loader.quarantine("sales_lines")] == [
        ("sales_lines/sales_2024-03.csv", 2, "duplicate_redelivered",
         "sales_lines/sales_2024-03.csv row 2, column invoice_id+line_no: value 'invoice_id=I2, line_no=1' breaks "
         "rule: duplicate_redelivered: identical row already loaded from sales_lines/sales_2024-02.csv row 4")]
    stage = report.stage
    assert (stage.rows_in, stage.rows_accepted, stage.rows_quarantined, stage.rows_redelivered) == (6, 5, 0, 1)
    assert stage.quarantined_share == 0
    assert loader.rows("SELECT count(*), sum(amount) FROM stg_sales_lines") == [(5, 830.0)]
    log = loader.load_log("sales_lines")
    assert (log["rows_redelivered"], log["rows_quarantined"], log["quarantined_share"]) == (1, 0, 0.0)


def test_a_re_delivered_month_does_not_dilute_the_quarantined_share(loader: Loader) -> None:
    rows = sales_rows(r1={"qty": "x"})
    sales_with(loader, rows[:4], "sales_2024-02.csv")
    # The whole of February is sent again: its three good rows are exact copies, its bad row is bad again.
    write_source(loader.raw, "sales_lines", rows[:4], "sales_2024-02_resent.csv")
    loader.snapshot()
    stage = loader.ingest_sales().stage
    assert (stage.rows_in, stage.rows_redelivered, stage.rows_quarantined) == (8, 3, 2)
    assert stage.quarantined_share == pytest.approx(2 / 5)  # not 2 / 8: copies are neither new rows nor problems
    assert loader.load_log("sales_lines")["quarantined_share"] == pytest.approx(2 / 5)


def test_malformed_line_is_quarantined_once_and_later_rows_keep_their_line_numbers(loader: Loader) -> None:
    path = sales_with(loader, sales_rows(r4={"qty": "x"}))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus,cells"  # two columns too many on file line 3
    lines[3] = lines[3].rsplit(",", 3)[0]  # three columns too few on file line 4
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loader.snapshot()
    report = loader.ingest_sales()
    problems = [(q["source_row"], q["rule"], q["reason"]) for q in loader.quarantine("sales_lines")]
    assert problems == [
        (3, "malformed line", f"{SALES_FILE} row 3: malformed line (Expected Number of Columns: 11 Found: 13)"),
        (4, "malformed line", f"{SALES_FILE} row 4: malformed line (Expected Number of Columns: 11 Found: 8)"),
        (6, "must be a number like 1234.50",
         f"{SALES_FILE} row 6, column qty (G): value 'x' breaks rule: must be a number like 1234.50"),
    ]
    assert (report.stage.rows_in, report.stage.rows_accepted, report.stage.rows_quarantined) == (5, 2, 3)
    assert loader.rows("SELECT invoice_id, _source_row FROM stg_sales_lines ORDER BY 2") == [("I1", 2), ("I3", 5)]
    assert loader.rows("SELECT source_file, rows_read, malformed_lines FROM raw_files WHERE source = 'sales_lines'") \
        == [(SALES_FILE, 3, 2)]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_when_a_cell_holds_a_line_break(loader: Loader) -> None:
    folder = loader.raw / "customers"
    folder.mkdir()
    (folder / "customers.csv").write_text(
        "customer_id,customer_name,customer_type,region_id,rep_id,opened_date\n"
        "C1,Dist One,distributor,R1,P1,2023-01-01\n"
        'C2,"Hospital Two\nEast wing",hospital,R1,P1,2023-06-01\n'
        "C3,Retail Three,retailer,R2,P2,2024-01-10,extra\n"
        "C4,Corp Four,corporate,R2,P2,soon\n"
        "C5,Five,corporate,R2,P2,2024-02-01\n", encoding="utf-8")
    loader.snapshot()
    loader.ingest("customers")
    # Excel shows C2 as one row (row 3) with a two-line cell, so C3 is row 4: the same numbering as the text
    # editor's lines until the first such cell, then the spreadsheet's, for accepted and quarantined rows alike.
    assert [(q["source_row"], q["rule"]) for q in loader.quarantine("customers")] == [
        (4, "malformed line"), (5, "must be a date like 2025-03-31")]
    assert loader.rows("SELECT customer_id, _source_row, customer_name FROM stg_customers ORDER BY 2") == [
        ("C1", 2, "Dist One"), ("C2", 3, "Hospital Two\nEast wing"), ("C5", 6, "Five")]


def test_problems_in_one_row_are_all_listed(loader: Loader) -> None:
    sales_with(loader, sales_rows(r0={"invoice_date": "soon", "customer_id": "", "discount_pct": "-0.1"}))
    loader.snapshot()
    report = loader.ingest_sales()
    assert sorted((q["column_name"], q["rule"]) for q in loader.quarantine("sales_lines")) == [
        ("amount", AMOUNT_RULE),
        ("customer_id", "must not be empty"),
        ("discount_pct", "must be at least 0"),
        ("invoice_date", "must be a date like 2025-03-31"),
    ]
    assert report.stage.rows_quarantined == 1  # one row, four reasons


# --- several files and formats -----------------------------------------------------------------------------


def test_parquet_and_csv_files_of_a_source_are_unioned(loader: Loader) -> None:
    rows = sales_rows()
    sales_with(loader, rows[:2], "sales_2024-01.csv")
    write_source(loader.raw, "sales_lines", rows[2:3], "sales_2024-02.csv")
    # A typed Parquet export: dates, integers and decimals rather than text, columns in another order.
    parquet = loader.raw / "sales_lines" / "sales_2024-03.parquet"
    duckdb.sql(f"""COPY (SELECT * FROM (VALUES
            (DATE '2024-02-10', 'I3', 1, 'C3', 'P2', 'K1', 10.0::DECIMAL(9,2), 10::DECIMAL(9,2), 0.0,
             100::DECIMAL(9,2), 30),
            (DATE '2024-03-05', 'I4', 1, 'C4', 'P2', 'K3', 25.0, 2, 0.0, 50, NULL))
            t(invoice_date, invoice_id, line_no, customer_id, rep_id, product_id, qty, unit_price, discount_pct,
              amount, payment_terms_days)) TO '{parquet}' (FORMAT parquet)""")
    loader.snapshot()
    report = loader.ingest_sales()
    assert report.raw.files == ["sales_lines/sales_2024-01.csv", "sales_lines/sales_2024-02.csv",
                                "sales_lines/sales_2024-03.parquet"]
    assert loader.quarantine("sales_lines") == []
    assert loader.rows("SELECT _source_file, count(*), sum(amount) FROM stg_sales_lines GROUP BY 1 ORDER BY 1") == [
        ("sales_lines/sales_2024-01.csv", 2, 300.0), ("sales_lines/sales_2024-02.csv", 1, 380.0),
        ("sales_lines/sales_2024-03.parquet", 2, 150.0)]
    assert loader.rows("SELECT invoice_date::VARCHAR, line_no, payment_terms_days FROM stg_sales_lines "
                       "WHERE invoice_id = 'I3'") == [("2024-02-10", 1, 30)]


def test_a_bad_value_in_a_parquet_file_names_file_and_record_number(loader: Loader) -> None:
    write_tiny_company(loader.raw, MASTERS)
    (loader.raw / "sales_lines").mkdir()
    parquet = loader.raw / "sales_lines" / "sales.parquet"
    duckdb.sql(f"""COPY (SELECT 'I' || i AS invoice_id, 1 AS line_no,
                   CASE WHEN i = 3 THEN DATE '2099-01-15' ELSE DATE '2024-01-15' END AS invoice_date,
                   'C1' AS customer_id, 'P1' AS rep_id, 'K1' AS product_id,
                   1.0 AS qty, 10.0 AS unit_price, 0.0 AS discount_pct, 10.0 AS amount
                   FROM range(1, 6) r(i)) TO '{parquet}' (FORMAT parquet)""")
    loader.snapshot()
    loader.ingest_sales()
    [reason] = [q["reason"] for q in loader.quarantine("sales_lines")]
    assert reason.startswith("sales_lines/sales.parquet row 3, column invoice_date (C): value '2099-01-15' breaks "
                             "rule: must be between 2000-01-01 and ")


def test_daily_drops_of_mixed_layouts_keep_each_files_own_line_numbers(loader: Loader) -> None:
    rows = sales_rows(r1={"qty": "x"})
    columns = list(CONTRACTS["sales_lines"].column_names)
    sales_with(loader, rows[:3], "d1.csv")
    d2 = write_source(loader.raw, "sales_lines", rows[3:], "d2.csv")
    lines = d2.read_text(encoding="utf-8").splitlines()
    lines[1] += ",surplus"  # file line 2 of the second drop is malformed
    d2.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A third drop with the columns in another order: read by its own scan, numbered on its own.
    write_source(loader.raw, "sales_lines", [rows[1] | {"invoice_id": "I9", "qty": "y"}], "d3.csv",
                      columns=columns[::-1])
    loader.snapshot()
    report = loader.ingest_sales()
    assert sorted((q["source_file"], q["source_row"], q["rule"]) for q in loader.quarantine("sales_lines")) == [
        ("sales_lines/d1.csv", 3, "must be a number like 1234.50"),
        ("sales_lines/d2.csv", 2, "malformed line"),
        ("sales_lines/d3.csv", 2, "must be a number like 1234.50"),
    ]
    accepted = loader.rows("SELECT _source_file, _source_row FROM stg_sales_lines ORDER BY 1, 2")
    assert accepted == [("sales_lines/d1.csv", 2), ("sales_lines/d1.csv", 4)] + [
        ("sales_lines/d2.csv", line) for line in range(3, len(rows) - 3 + 2)]
    assert report.raw.files == ["sales_lines/d1.csv", "sales_lines/d2.csv", "sales_lines/d3.csv"]


def test_excel_csv_utf8_export_with_bom_and_crlf_loads_cleanly(loader: Loader) -> None:
    path = sales_with(loader, sales_rows(r0={"payment_terms_days": 30}))  # the last column, next to the \r
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # what Excel writes
    loader.snapshot()
    report = loader.ingest_sales()
    assert (report.stage.rows_in, report.stage.rows_accepted, report.stage.rows_quarantined) == (5, 5, 0)
    assert loader.rows("SELECT invoice_id, _source_row, payment_terms_days FROM stg_sales_lines ORDER BY 2")[0] \
        == ("I1", 2, 30)


@pytest.mark.parametrize(("codec", "named"), [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_text_without_a_byte_order_mark_is_recognised(loader: Loader, codec: str, named: str) -> None:
    folder = loader.raw / "regions"
    folder.mkdir()
    text = "region_id\tregion_name\tprovince\r\nR1\t华东一区\t浙江\r\nR2\tNorth\t河北\r\n"
    (folder / "regions.txt").write_bytes(text.encode(codec))  # no BOM: what some exporters write
    loader.snapshot()
    report = loader.ingest("regions")
    assert f"regions/regions.txt was UTF-16 (without byte-order mark, {named})-encoded" in report.message
    assert loader.rows("SELECT region_id, region_name, province FROM stg_regions ORDER BY 1") == [
        ("R1", "华东一区", "浙江"), ("R2", "North", "河北")]
