"""Real exports in: Excel workbooks, title and total rows, UTF-16 and GBK text, Chinese headers, ERP value formats.

Every file is made in tmp_path the way Excel or an ERP writes it; rows and columns in the messages
must be the ones the user sees in Excel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from fingerprints import raw_fingerprint

from pipelines.contracts import CONTRACTS
from pipelines.ingest.errors import SourceError
from pipelines.ingest.ingest_source import IngestReport, ingest_source
from pipelines.ingest.raw_files import unaccounted_files
from pipelines.ingest.readers.sheet_origin import column_letters, sheet_origin

ZH_HEADER = ["单据编号", "行号", "单据日期", "客户编码", "业务员", "存货编码", "数量", "单价", "折扣率", "价税合计"]
ROWS = [
    ["I1", 1, "2026-03-05", "C1", "P1", "K1", 10, 10, 0, 100],
    ["I1", 2, "2026-03-05", "C1", "P1", "K2", 10, 20, 0, 200],
    ["I2", 1, "2026-03-06", "C2", "P2", "K1", 5, 10, 0, 50],
]


class Ingest:
    def __init__(self, root: Path) -> None:
        self.raw = root / "raw"
        self.folder = self.raw / "sales_lines"
        self.folder.mkdir(parents=True)
        self.con = duckdb.connect(str(root / "w.duckdb"))
        self.work = root / "build"

    def run(self, source: str = "sales_lines") -> IngestReport:
        before = raw_fingerprint(self.raw)
        try:
            return ingest_source(self.con, CONTRACTS[source], self.raw, self.work)
        finally:
            assert raw_fingerprint(self.raw) == before, "a raw file was changed"

    def rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()


@pytest.fixture
def ing(tmp_path: Path) -> Ingest:
    return Ingest(tmp_path)


def workbook(path: Path, sheets: dict[str, list[list[object]]], start: tuple[int, int] = (0, 0)) -> Path:
    """Write rows to sheets from start (row, col); None cells stay empty, datetimes get a date format."""
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(start[0] + r, start[1] + c, value, date_format)
                elif value is not None:
                    sheet.write(start[0] + r, start[1] + c, value)
    book.close()
    return path


def test_column_letters_as_excel_shows_them() -> None:
    assert [column_letters(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


def test_sheet_origin_skips_formatted_but_empty_cells(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "b.xlsx"))
    sheet = book.add_worksheet("s")
    sheet.write_blank(0, 0, None, book.add_format({"bold": True}))
    sheet.write(2, 1, "h")
    sheet.write(3, 2, 1)
    book.close()
    assert sheet_origin(tmp_path / "b.xlsx", "s") == (2, 1)


def test_xlsx_with_title_rows_blank_rows_and_a_matching_total_row(ing: Ingest) -> None:
    rows = [["2026年3月销售明细表"], ["导出日期：2026-04-01"], [], ZH_HEADER,
            [*ROWS[0][:2], dt.date(2026, 3, 5), *ROWS[0][3:]], ROWS[1], [], ROWS[2],
            ["合计", None, None, None, None, None, 25, None, None, 350]]
    workbook(ing.folder / "销售出库单_2026-03.xlsx", {"明细": rows}, start=(0, 1))  # table starts in column B
    report = ing.run()
    assert report.status == "loaded"
    assert ing.rows("SELECT invoice_id, line_no, invoice_date::VARCHAR, amount FROM stg_sales_lines ORDER BY 1, 2") \
        == [("I1", 1, "2026-03-05", 100.0), ("I1", 2, "2026-03-05", 200.0), ("I2", 1, "2026-03-06", 50.0)]
    assert "销售出库单_2026-03.xlsx: header found on row 4; rows above it skipped" in report.message
    assert "销售出库单_2026-03.xlsx: total row (row 9) left out; its qty matches the rows above" in report.message
    assert "total row (row 9) left out; its amount matches the rows above" in report.message
    assert ing.rows("SELECT rows_read FROM raw_files") == [(3,)]
    assert unaccounted_files(ing.con, "sales_lines") == []


def test_xlsx_rows_in_quarantine_are_numbered_as_excel_shows_them(ing: Ingest) -> None:
    bad = [*ROWS[2][:2], "2026-02-30", *ROWS[2][3:]]
    workbook(ing.folder / "sales.xlsx", {"s": [["销售明细"], ZH_HEADER, ROWS[0], [], ROWS[1], bad]})
    ing.run()
    assert ing.rows("SELECT source_file, source_row, column_name, value FROM quarantine") == [
        ("sales_lines/sales.xlsx", 6, "invoice_date", "2026-02-30")]
    assert ing.rows("SELECT reason FROM quarantine") == [(
        "sales_lines/sales.xlsx row 6, column invoice_date (单据日期, C): value '2026-02-30' breaks rule: must be a "
        "date like 2025-03-31",)]
    columns = ing.rows("SELECT column_name, header, letter FROM raw_columns WHERE column_name IN "
                       "('invoice_date', 'amount') ORDER BY letter")
    assert columns == [("invoice_date", "单据日期", "C"), ("amount", "价税合计", "J")]


def legacy_workbook(path: Path, sheet: str, rows: list[list[object]], start: tuple[int, int] = (0, 0)) -> Path:
    """An Excel 97-2003 .xls (BIFF8) file as old ERP versions export it; dates as date-formatted cells."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(start[0] + r, start[1] + c, value, date_style)
            elif value is not None:
                ws.write(start[0] + r, start[1] + c, value)
    book.save(str(path))
    return path


def test_legacy_xls_with_a_title_a_total_row_and_a_bad_date_numbered_as_excel_shows_them(ing: Ingest) -> None:
    bad = [*ROWS[2][:2], "2026-02-30", *ROWS[2][3:]]
    rows = [["2026年3月销售明细表"], [], ZH_HEADER, [*ROWS[0][:2], dt.date(2026, 3, 5), *ROWS[0][3:]], ROWS[1], bad,
            ["合计", None, None, None, None, None, 25, None, None, 350]]
    path = legacy_workbook(ing.folder / "销售出库单_2026-03.xls", "明细", rows, start=(1, 1))  # from cell B2
    assert path.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file, not a zip
    report = ing.run()
    assert report.status == "loaded"
    assert ing.rows("SELECT invoice_id, line_no, invoice_date::VARCHAR, amount FROM stg_sales_lines ORDER BY 1, 2") \
        == [("I1", 1, "2026-03-05", 100.0), ("I1", 2, "2026-03-05", 200.0)]
    assert ing.rows("SELECT reason FROM quarantine") == [(
        "sales_lines/销售出库单_2026-03.xls row 7, column invoice_date (单据日期, D): value '2026-02-30' breaks rule: "
        "must be a date like 2025-03-31",)]
    assert "销售出库单_2026-03.xls: total row (row 8) left out; its amount matches the rows above" in report.message
    assert "销售出库单_2026-03.xls: header found on row 4; rows above it skipped" in report.message
    assert unaccounted_files(ing.con, "sales_lines") == []


def test_a_total_that_does_not_match_is_a_warning_in_the_load_report(ing: Ingest) -> None:
    workbook(ing.folder / "sales.xlsx", {"s": [ZH_HEADER, *ROWS, ["总计", *[None] * 8, "360.00"]]})
    report = ing.run()
    assert ("WARNING sales_lines/sales.xlsx: total row (row 5) says amount 360.00 but the rows above add up to "
            "350.00" in report.message)
    assert ing.rows("SELECT count(*) FROM stg_sales_lines") == [(3,)]


def test_all_matching_sheets_of_a_workbook_are_read_and_others_named(ing: Ingest) -> None:
    workbook(ing.folder / "sales.xlsx", {"一月": [ZH_HEADER, ROWS[0], ROWS[1]], "说明": [["本表由系统导出"]],
                                         "二月": [ZH_HEADER, ROWS[2]]})
    report = ing.run()
    assert sorted(ing.rows("SELECT source_file, rows_read FROM raw_files")) == [
        ("sales_lines/sales.xlsx!一月", 2), ("sales_lines/sales.xlsx!二月", 1)]
    assert "sales_lines/sales.xlsx: sheet '说明' not read (its header does not hold the sales_lines columns)" \
        in report.message


def test_the_mapping_file_names_the_sheet_and_the_header_row(ing: Ingest) -> None:
    other = [["x", "y"], ["1", "2"]]
    workbook(ing.folder / "sales.xlsx", {"汇总": other, "明细": [["说明"], ["日期", "客户"], ZH_HEADER, *ROWS]})
    (ing.folder / "mapping.yaml").write_text("sheet: 明细\nheader_row: 3\n", encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT count(*) FROM stg_sales_lines") == [(3,)]
    assert ing.rows("SELECT source_file FROM raw_files") == [("sales_lines/sales.xlsx!明细",)]


def test_a_sheet_named_in_the_mapping_but_absent_lists_the_sheets(ing: Ingest) -> None:
    workbook(ing.folder / "sales.xlsx", {"明细": [ZH_HEADER, *ROWS]})
    (ing.folder / "mapping.yaml").write_text("sheet: 销售\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        ing.run()
    assert err.value.rule == "sheet '销售' named in sales_lines/mapping.yaml is not in the workbook"
    assert err.value.hint == "Sheets: 明细"


def text_lines(rows: list[list[object]], delim: str) -> str:
    return "".join(delim.join("" if v is None else str(v) for v in row) + "\r\n" for row in rows)


def test_utf16_tab_separated_unicode_text(ing: Ingest) -> None:
    (ing.folder / "sales.txt").write_bytes(text_lines([ZH_HEADER, *ROWS], "\t").encode("utf-16"))
    report = ing.run()
    assert "sales_lines/sales.txt was UTF-16-encoded; read through a UTF-8 copy" in report.message
    assert ing.rows("SELECT sum(amount), count(*) FROM stg_sales_lines") == [(350.0, 3)]


def test_gbk_csv_with_a_title_row_and_a_total_row(ing: Ingest) -> None:
    bad = [*ROWS[2][:6], "abc", *ROWS[2][7:]]
    rows = [["2026年3月销售明细"], ZH_HEADER, ROWS[0], ROWS[1], bad, ["合计", *[None] * 8, 350]]
    (ing.folder / "sales.csv").write_bytes(text_lines(rows, ",").encode("gbk"))
    report = ing.run()
    assert "sales_lines/sales.csv: 1 title row(s) above the header skipped (header on row 2)" in report.message
    assert "sales_lines/sales.csv: total row (the last row) left out; its amount matches the rows above" \
        in report.message
    assert ing.rows("SELECT source_row, column_name, value FROM quarantine") == [(5, "qty", "abc")]
    assert ing.rows("SELECT rows_read FROM raw_files") == [(3,)]
    assert ing.rows("SELECT count(*) FROM stg_sales_lines") == [(2,)]
    # Every row below the header accounted for: 2 accepted, 1 quarantined, the total row skipped.
    assert unaccounted_files(ing.con, "sales_lines") == []
    assert ing.rows("SELECT data_rows, rows_skipped FROM raw_files") == [(4, 1)]


@pytest.mark.parametrize("header", [
    ["invoice_id", "line_no", "invoice_date", "customer_id", "rep_id", "product_id", "qty", "unit_price",
     "discount_pct", "amount"],
    [" 单据号 ", "行号", "开票日期", "客户代码", "销售员", "物料编码", "数量", "含税单价", "扣率", "金额"],
    ["Invoice No", "LINE", "Posting Date", "Customer Code", "Salesperson", "Material", "Quantity", "Price",
     "Discount", "Net Amount"],
    ["ｉｎｖｏｉｃｅ＿ｉｄ", "line_no", "invoice_date", "customer_id", "rep_id", "product_id", "qty", "unit_price",
     "discount_pct", "ＡＭＯＵＮＴ"],
])
def test_headers_match_by_synonym_after_trimming_case_and_width_folding(ing: Ingest, header: list[str]) -> None:
    (ing.folder / "sales.csv").write_text(text_lines([header, *ROWS], ","), encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT sum(amount), count(*) FROM stg_sales_lines") == [(350.0, 3)]


def test_of_two_columns_naming_one_contract_column_the_better_name_wins_and_the_other_is_noted(ing: Ingest) -> None:
    header = [*ZH_HEADER[:9], "金额", "价税合计"]
    rows = [[*r[:9], 0, r[9]] for r in ROWS]  # 金额 (before tax) is 0: must not be read as the amount
    (ing.folder / "sales.csv").write_text(text_lines([header, *rows], ","), encoding="utf-8")
    report = ing.run()
    assert ing.rows("SELECT sum(amount) FROM stg_sales_lines") == [(350.0,)]
    assert "ignored columns not in the contract: 金额 (also names amount)" in report.message


@pytest.mark.parametrize(("written", "expected"), [
    ("2026-03-05", "2026-03-05"), ("2026/3/5", "2026-03-05"), ("2026.3.5", "2026-03-05"),
    ("2026年3月5日", "2026-03-05"), ("20260305", "2026-03-05"), ("46086", "2026-03-05"),
])
def test_date_formats_of_erp_exports(ing: Ingest, written: str, expected: str) -> None:
    rows = [[*ROWS[0][:2], written, *ROWS[0][3:]]]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT invoice_date::VARCHAR FROM stg_sales_lines") == [(expected,)]


@pytest.mark.parametrize(("written", "expected"), [
    ('"1,000.00"', 1000.0), ("￥1000", 1000.0), ("¥1000.00", 1000.0), ("RMB 1000", 1000.0), ("1000元", 1000.0),
    ("１０００", 1000.0), ("0.1万", 1000.0),
])
def test_number_formats_of_erp_exports(ing: Ingest, written: str, expected: float) -> None:
    rows = [["I1", 1, "2026-03-05", "C1", "P1", "K1", 100, 10, 0, written]]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT amount FROM stg_sales_lines") == [(expected,)]


def test_percent_discount_and_accounting_negative(ing: Ingest) -> None:
    (ing.raw / "collections").mkdir()
    rows = [["I1", 1, "2026-03-05", "C1", "P1", "K1", 100, 10, "6%", 940],
            ["I2", 1, "2026-03-05", "C1", "P1", "K1", 100, 10, 0, '"(1,000.00)"']]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT discount_pct FROM stg_sales_lines") == [(0.06,)]
    # Read as -1000, then the contract's own rules apply.
    assert ("amount", "(1,000.00)", "must be at least 0") in ing.rows("SELECT column_name, value, rule FROM quarantine")


def test_an_ambiguous_date_stays_quarantined_with_the_expected_form(ing: Ingest) -> None:
    rows = [[*ROWS[0][:2], "05/03/2026", *ROWS[0][3:]]]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT value, rule FROM quarantine") == [("05/03/2026", "must be a date like 2025-03-31")]


def test_a_date_format_in_the_mapping_reads_day_first_dates(ing: Ingest) -> None:
    rows = [[*ROWS[0][:2], "05/03/2026", *ROWS[0][3:]]]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    (ing.folder / "mapping.yaml").write_text('date_formats:\n  invoice_date: "%d/%m/%Y"\n', encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT invoice_date::VARCHAR FROM stg_sales_lines") == [("2026-03-05",)]


def test_chinese_codes_built_in_and_from_the_mapping_file_and_units(ing: Ingest) -> None:
    folder = ing.raw / "customers"
    folder.mkdir()
    header = ["客户编码", "客户名称", "客户类型", "区域编码", "业务员编码", "开户日期", "信用天数"]
    rows = [["C1", "杭州康达", "经销商", "R1", "P1", "2024年1月2日", 30],
            ["C2", "宁波一院", "公立医院", "R1", "P1", "2024/1/3", 60],
            ["C3", "某某", "批发商", "R1", "P1", "2024-01-04", 60]]
    (folder / "customers.csv").write_text(text_lines([header, *rows], ","), encoding="utf-8")
    (folder / "mapping.yaml").write_text("codes:\n  customer_type: {公立医院: hospital}\n", encoding="utf-8")
    ing.run("customers")
    assert ing.rows("SELECT customer_id, customer_type FROM stg_customers ORDER BY 1") == [
        ("C1", "distributor"), ("C2", "hospital")]
    assert ing.rows("SELECT value, rule FROM quarantine WHERE source = 'customers'") == [
        ("批发商", "must be one of distributor, agent, terminal, hospital, retailer, corporate")]


def test_units_in_the_mapping_scale_amounts_in_wan_yuan(ing: Ingest) -> None:
    rows = [["I1", 1, "2026-03-05", "C1", "P1", "K1", 100, 10, 0, "0.1"]]
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *rows], ","), encoding="utf-8")
    (ing.folder / "mapping.yaml").write_text("units:\n  amount: 10000\n", encoding="utf-8")
    ing.run()
    assert ing.rows("SELECT amount FROM stg_sales_lines") == [(1000.0,)]


def test_a_mapping_file_naming_an_unknown_column_stops_with_the_columns(ing: Ingest) -> None:
    (ing.folder / "sales.csv").write_text(text_lines([ZH_HEADER, *ROWS], ","), encoding="utf-8")
    (ing.folder / "mapping.yaml").write_text("columns:\n  价税合计: amount_total\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        ing.run()
    assert err.value.rule == "columns: 价税合计 names 'amount_total', which is not a column of the contract"


def test_no_header_name_places_two_columns_of_one_source() -> None:
    from pipelines.contracts.synonyms import column_names_for, fold

    for contract in CONTRACTS.values():
        owners: dict[str, str] = {}
        for col in contract.columns:
            for name in column_names_for(contract.name, col.name):
                assert owners.setdefault(fold(name), col.name) == col.name, (contract.name, name)


def test_a_header_in_wan_yuan_without_a_unit_in_the_mapping_is_a_warning(ing: Ingest) -> None:
    header = [*ZH_HEADER[:9], "价税合计（万元）"]
    (ing.folder / "sales.csv").write_text(text_lines([header, *ROWS], ","), encoding="utf-8")
    report = ing.run()
    assert ("WARNING sales_lines/sales.csv: header '价税合计（万元）' is in 万元 but amount is read in yuan; add "
            "'units: {amount: 10000}' to sales_lines/mapping.yaml") in report.message


def test_the_same_remark_about_many_files_is_one_note(ing: Ingest) -> None:
    for month in ("01", "02", "03"):
        (ing.folder / f"sales_2026-{month}.csv").write_bytes(text_lines([["标题"], ZH_HEADER, ROWS[0]], ",")
                                                             .replace("I1", f"I{month}").encode("gbk"))
    report = ing.run()
    assert ("sales_lines/sales_2026-01.csv .. sales_lines/sales_2026-03.csv (3 files) was GBK-encoded; read through "
            "a UTF-8 copy") in report.message
    assert report.message.count("title row") == 1
