"""Every line of every file accounted for: data rows = skipped + accepted + quarantined + re-delivered + superseded.

A quoting error quarantines its own line and reading resumes at the next line; empty and blank rows are
skipped and counted; rows keep the numbers a spreadsheet shows. A property test damages random lines of a
small file (cut, duplicated, mis-quoted, blanked) and checks that the accounting always balances and every
undamaged line is read at its own row number.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from raw_loader import MASTERS, Loader
from tiny_company import write_tiny_company

SALES_HEADER = "invoice_id,line_no,invoice_date,customer_id,rep_id,product_id,qty,unit_price,discount_pct,amount"
SALES_FILE = "sales_lines/sales_lines.csv"


def sales_line(n: int) -> str:
    """A good sales line of 10.00 for invoice I<n>."""
    return f"I{n},1,2024-01-{1 + n % 28:02d},C{1 + n % 4},P1,K1,1,10,0,10"


def write_sales_text(loader: Loader, lines: list[str], name: str = "sales_lines.csv") -> Path:
    write_tiny_company(loader.raw, MASTERS)
    path = loader.raw / "sales_lines" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([SALES_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def accounting(loader: Loader, source: str = "sales_lines") -> list[tuple]:
    return loader.rows(
        "SELECT source_file, data_rows, rows_skipped, rows_accepted, rows_quarantined, rows_redelivered, "
        f"rows_superseded FROM raw_files WHERE source = '{source}' ORDER BY delivery_order")


def balanced(rows: list[tuple]) -> bool:
    return all(data == sum(parts) for _file, data, *parts in rows)


def test_a_stray_quote_quarantines_its_line_and_the_rest_of_the_file_is_read(loader: Loader) -> None:
    lines = [sales_line(n) for n in range(1, 41)]
    lines[10] = lines[10].replace("I11,", '"I11,')  # file row 12: a quote that is never closed
    write_sales_text(loader, lines)
    loader.snapshot()
    report = loader.ingest_sales()
    assert [(q["source_row"], q["rule"]) for q in loader.quarantine("sales_lines")] == [(12, "malformed line")]
    assert "double quote" in loader.quarantine("sales_lines")[0]["reason"]
    assert (report.stage.rows_in, report.stage.rows_accepted, report.stage.rows_quarantined) == (40, 39, 1)
    assert loader.rows("SELECT count(*), sum(amount) FROM stg_sales_lines") == [(39, 390.0)]
    # The rows after the broken line keep their own numbers.
    assert loader.rows("SELECT invoice_id, _source_row FROM stg_sales_lines WHERE _source_row BETWEEN 11 AND 14 "
                       "ORDER BY 2") == [("I10", 11), ("I12", 13), ("I13", 14)]
    assert accounting(loader) == [(SALES_FILE, 40, 0, 39, 1, 0, 0)]


def test_two_stray_quotes_that_happen_to_pair_up_are_two_broken_lines(loader: Loader) -> None:
    lines = [sales_line(n) for n in range(1, 21)]
    lines[4] = lines[4].replace("I5,", '"I5,')
    lines[7] = lines[7].replace(",P1,", ',"P1,')  # the reader would join rows 6..9 into one cell
    write_sales_text(loader, lines)
    loader.snapshot()
    loader.ingest_sales()
    assert [(q["source_row"], q["rule"]) for q in loader.quarantine("sales_lines")] == [
        (6, "malformed line"), (9, "malformed line")]
    assert loader.rows("SELECT count(*) FROM stg_sales_lines") == [(18,)]
    assert balanced(accounting(loader))


def test_a_cell_with_line_breaks_next_to_a_stray_quote_stays_one_row(loader: Loader) -> None:
    folder = loader.raw / "customers"
    write_tiny_company(loader.raw, ("regions", "reps"))
    folder.mkdir()
    (folder / "customers.csv").write_text(
        "customer_id,customer_name,customer_type,region_id,rep_id,opened_date\n"
        "C1,Dist One,distributor,R1,P1,2023-01-01\n"
        'C2,"Hospital Two\nEast wing\nBuilding 3",hospital,R1,P1,2023-06-01\n'
        'C3,"Retail Three,retailer,R2,P2,2024-01-10\n'
        "C4,Corp Four,corporate,R2,P2,2024-02-01\n", encoding="utf-8")
    loader.snapshot()
    for name in ("regions", "reps", "customers"):
        loader.ingest(name)
    assert [(q["source_row"], q["rule"]) for q in loader.quarantine("customers")] == [(4, "malformed line")]
    assert loader.rows("SELECT customer_id, _source_row FROM stg_customers ORDER BY 2") == [
        ("C1", 2), ("C2", 3), ("C4", 5)]
    assert accounting(loader, "customers") == [("customers/customers.csv", 4, 0, 3, 1, 0, 0)]


def test_empty_lines_are_skipped_and_later_rows_keep_their_numbers(loader: Loader) -> None:
    lines = [sales_line(n) for n in range(1, 7)]
    lines[2:2] = ["", ""]  # file rows 4 and 5 are empty, as a spreadsheet shows them
    write_sales_text(loader, lines)
    loader.snapshot()
    loader.ingest_sales()
    assert loader.quarantine("sales_lines") == []
    assert loader.rows("SELECT invoice_id, _source_row FROM stg_sales_lines ORDER BY 2") == [
        ("I1", 2), ("I2", 3), ("I3", 6), ("I4", 7), ("I5", 8), ("I6", 9)]
    assert accounting(loader) == [(SALES_FILE, 8, 2, 6, 0, 0, 0)]


def test_excel_blank_rows_are_skipped_and_counted_not_quarantined(loader: Loader) -> None:
    lines = [sales_line(n) for n in range(1, 51)] + [",,,,,,,,,"] * 600
    write_sales_text(loader, lines)
    loader.snapshot()
    report = loader.ingest_sales()
    assert loader.quarantine("sales_lines") == []
    assert (report.stage.rows_accepted, report.stage.rows_quarantined, report.stage.quarantined_share) == (50, 0, 0)
    assert accounting(loader) == [(SALES_FILE, 650, 600, 50, 0, 0, 0)]


def test_a_file_without_a_final_line_end_and_with_crlf_is_accounted_for(loader: Loader) -> None:
    path = write_sales_text(loader, [sales_line(n) for n in range(1, 6)])
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    loader.snapshot()
    loader.ingest_sales()
    assert accounting(loader) == [(SALES_FILE, 5, 0, 5, 0, 0, 0)]


# --- property: damage random lines, the accounting always balances --------------------------------------

REGION_HEADER = "region_id,region_name,province,head_rep_id"
DAMAGE = ("cut", "duplicate", "open_quote", "mid_quote", "quote_after_text", "empty", "blank", "surplus")


def _damaged(kind: str, line: str, cut_at: int) -> list[str]:
    cells = line.split(",")
    if kind == "cut":
        return [line[:cut_at % (len(line) + 1)]]
    if kind == "duplicate":
        return [line, line]
    if kind == "open_quote":
        cells[cut_at % len(cells)] = '"' + cells[cut_at % len(cells)]
    if kind == "mid_quote":
        cell = cells[cut_at % len(cells)]
        cells[cut_at % len(cells)] = cell[:1] + '"' + cell[1:]
    if kind == "quote_after_text":
        cells[cut_at % len(cells)] = '"' + cells[cut_at % len(cells)] + '"x'
    if kind == "empty":
        return [""]
    if kind == "blank":
        return [",,,"]
    if kind == "surplus":
        cells.append("extra")
    return [",".join(cells)]


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(min_value=1, max_value=25),
       damage=st.lists(st.tuples(st.integers(0, 24), st.sampled_from(DAMAGE), st.integers(0, 60)), max_size=6),
       final_line_end=st.booleans(), crlf=st.booleans(), tabs=st.booleans(), title_rows=st.integers(0, 2))
def test_damaged_lines_never_unbalance_the_accounting(rows: int, damage: list[tuple[int, str, int]],
                                                      final_line_end: bool, crlf: bool, tabs: bool,
                                                      title_rows: int) -> None:
    good = [f"R{n},Region {n},Province {n},P{n}" for n in range(rows)]
    damaged_at = {i % rows: (kind, cut) for i, kind, cut in damage}
    titles = [f"Regions list {n}" for n in range(title_rows)]  # title rows above the header
    lines: list[str] = []
    untouched: dict[str, int] = {}  # region id -> file row of a line left as it was
    for i, line in enumerate(good):
        if i in damaged_at:
            lines += _damaged(damaged_at[i][0], line, damaged_at[i][1])
        else:
            untouched[f"R{i}"] = len(titles) + len(lines) + 2
            lines.append(line)
    end = "\r\n" if crlf else "\n"
    text = end.join([*titles, REGION_HEADER, *lines]) + (end if final_line_end else "")
    if tabs:
        text = text.replace(",", "\t")
    with tempfile.TemporaryDirectory() as tmp:
        loader = Loader(Path(tmp))
        try:
            (loader.raw / "regions").mkdir()
            (loader.raw / "regions" / "regions.csv").write_bytes(text.encode("utf-8"))
            loader.ingest("regions")
            [(_file, data_rows, *outcomes)] = accounting(loader, "regions")
            assert data_rows == len(lines) - (0 if final_line_end or lines[-1] else 1)
            assert data_rows == sum(outcomes), (text, outcomes)
            accepted = dict(loader.rows("SELECT region_id, _source_row FROM stg_regions"))
            # Every line left as it was is read, at its own row (a duplicate's second copy is not).
            for region, row in untouched.items():
                assert accepted.get(region) == row, (region, row, text)
        finally:
            loader.con.close()


@pytest.mark.parametrize("name", ["regions.csv"])
def test_the_raw_file_is_never_changed_while_a_cleaned_copy_is_read(loader: Loader, name: str) -> None:
    (loader.raw / "regions").mkdir()
    (loader.raw / "regions" / name).write_text(f'{REGION_HEADER}\nR1,"East,x,P1\nR2,North,y,P2\n', encoding="utf-8")
    loader.snapshot()  # the fixture compares the raw folder again at teardown
    loader.ingest("regions")
    assert loader.rows("SELECT region_id FROM stg_regions") == [("R2",)]
    assert (loader.work / "line_checked" / "regions" / name).exists()


def test_a_stray_quote_in_a_tab_separated_export_with_title_rows(loader: Loader) -> None:
    header = SALES_HEADER.replace(",", "\t")
    lines = [sales_line(n).replace(",", "\t") for n in range(1, 11)]
    lines[3] = lines[3].replace("I4\t", '"I4\t')  # file row 7: a quote never closed
    lines[6] += "\tsurplus"  # file row 10: one cell too many
    lines[8] = lines[8].replace("\tC", '\t"C ltd"\tC')  # file row 12: a quoted cell too many
    write_tiny_company(loader.raw, MASTERS)
    path = loader.raw / "sales_lines" / "sales.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(["2024年1月销售明细表", "导出日期 2024-02-01", header, *lines]) + "\n", encoding="utf-8")
    loader.snapshot()
    loader.ingest_sales()
    assert [(q["source_row"], q["rule"]) for q in loader.quarantine("sales_lines")] == [
        (7, "malformed line"), (10, "malformed line"), (12, "malformed line")]
    assert loader.rows("SELECT invoice_id, _source_row FROM stg_sales_lines ORDER BY 2") == [
        ("I1", 4), ("I2", 5), ("I3", 6), ("I5", 8), ("I6", 9), ("I8", 11), ("I10", 13)]
    assert accounting(loader) == [("sales_lines/sales.txt", 10, 0, 7, 3, 0, 0)]
