"""Root causes first: rows referring to a rejected master row are reported under that row, not as orphans
blamed on the file that refers to it."""

from __future__ import annotations

from raw_loader import Loader
from tiny_company import ROWS, write_source, write_tiny_company

from pipelines.build_summary import summarize

CUSTOMERS_HEADER = "customer_id,customer_name,customer_type,region_id,rep_id,opened_date"


def _ingest_all(loader: Loader) -> None:
    loader.snapshot()
    for name in ("regions", "reps", "customers", "products", "sales_lines", "collections"):
        loader.ingest(name)


def test_an_unquoted_comma_in_a_customer_name_is_the_root_cause_of_its_sales_lines(loader: Loader) -> None:
    write_tiny_company(loader.raw, ("regions", "reps", "products", "sales_lines", "collections"))
    (loader.raw / "customers").mkdir()
    (loader.raw / "customers" / "customers.csv").write_text(
        f"{CUSTOMERS_HEADER}\n"
        "C1,Dist One,distributor,R1,P1,2023-01-01\n"
        "C2,Hospital Two,hospital,R1,P1,2023-06-01\n"
        "C3,Retail Three, Ltd,retailer,R2,P2,2024-01-10\n"  # the comma splits the name into two cells
        "C4,Corp Four,corporate,R2,P2,2024-02-01\n", encoding="utf-8")
    _ingest_all(loader)
    [sale] = [q for q in loader.quarantine("sales_lines") if q["column_name"] == "customer_id"]
    assert sale["rule"] == "refers to a rejected customers row"
    assert sale["reason"] == (
        "sales_lines/sales_lines.csv row 5, column customer_id: value 'C3' refers to a customers row that was "
        "rejected; root cause: customers/customers.csv row 4: malformed line (Expected Number of Columns: 6 "
        "Found: 7)")
    assert loader.rows("SELECT source, source_file, source_row, key_value, referring_source, referring_rows "
                       "FROM root_causes ORDER BY referring_source") == [
        ("customers", "customers/customers.csv", 4, "C3", "collections", 1),
        ("customers", "customers/customers.csv", 4, "C3", "sales_lines", 1)]
    assert loader.rows("SELECT count(*) FROM members_from_ids") == [(0,)]
    loader.con.close()
    assert ("ROOT CAUSE customers customer_id C3 was rejected: customers/customers.csv row 4: malformed line "
            "(Expected Number of Columns: 6 Found: 7); 1 collections rows (column customer_id), 1 sales_lines rows "
            "(column customer_id) refer to it") in summarize(loader.raw.parent / "warehouse.duckdb").splitlines()


def test_a_rejected_customer_type_is_named_under_each_line_that_refers_to_it(loader: Loader) -> None:
    customers = [dict(r) for r in ROWS["customers"]]
    customers[0]["customer_type"] = "批发"
    write_tiny_company(loader.raw, ("regions", "reps", "products", "sales_lines", "collections"))
    write_source(loader.raw, "customers", customers)
    _ingest_all(loader)
    refs = [q for q in loader.quarantine("sales_lines") if q["column_name"] == "customer_id"]
    assert [(q["source_row"], q["rule"]) for q in refs] == [(2, "refers to a rejected customers row"),
                                                           (3, "refers to a rejected customers row"),
                                                           (4, "refers to a rejected customers row")]
    assert refs[0]["reason"].endswith(
        "root cause: customers/customers.csv row 2, column customer_type (C): value '批发' breaks rule: must be one of "
        "distributor, agent, terminal, hospital, retailer, corporate")
    assert loader.rows("SELECT referring_source, referring_rows FROM root_causes ORDER BY 1") == [
        ("collections", 1), ("sales_lines", 3)]
    # A true orphan (no such customer anywhere) keeps the orphan rule.
    assert loader.rows("SELECT count(*) FROM quarantine WHERE rule LIKE '%orphan reference%'") == [(0,)]
    # An id whose master row was rejected is no member named by its id: its rows wait for the fix.
    assert loader.rows("SELECT count(*) FROM members_from_ids") == [(0,)]
