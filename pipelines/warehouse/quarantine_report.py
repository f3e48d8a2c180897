"""The quarantine of a build as files a business user opens: Excel, CSV per source, and a readable database.

Written for every build that read its sources, and published even when the build stops before the
warehouse is published (then the rows exist nowhere else a user can open). Root causes come first:
sources in contract order (masters before the files that refer to them), and within a source the
rules a row breaks itself before the rules that only follow from another rejected row ("refers to a
rejected customers row", "orphan reference").
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contracts import ALL_CONTRACTS
from pipelines.warehouse.connection import table_exists
from pipelines.warehouse.readonly import open_warehouse

DATABASE = "quarantine.duckdb"
WORKBOOK = "quarantine.xlsx"
SUMMARY_CSV = "summary.csv"
# Tables that explain what happened to the input, copied into the report's database when present.
TABLES = ("quarantine", "root_causes", "members_from_ids", "load_log", "raw_files", "raw_not_read",
          "raw_malformed_lines", "outliers", "corrections", "missing_inputs", "build_warnings")
# Rows re-sent unchanged are not problems (see the README); they stay in the database only.
NOT_A_PROBLEM = "duplicate_redelivered"
# Rules that only follow from another rejected row (pipelines/ingest/validate_sql.py and root_causes.py).
FOLLOWING_RULES = r"orphan reference|^refers to a rejected "
# An Excel sheet holds about a million rows; past this the CSV has them all.
SHEET_ROW_LIMIT = 100_000
COLUMNS = {"source_file": "file", "source_row": "row", "column_name": "column", "value": "value", "rule": "rule",
           "reason": "reason", "raw_record": "record as delivered"}


def _problems(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    order = {c.name: i for i, c in enumerate(ALL_CONTRACTS)}
    df = con.execute("SELECT * FROM quarantine WHERE rule <> ?", [NOT_A_PROBLEM]).df()
    df["_source_order"] = df["source"].map(order).fillna(len(order))
    df["_follows"] = df["rule"].fillna("").str.contains(FOLLOWING_RULES)
    return df.sort_values(["_source_order", "_follows", "rule", "source_file", "source_row"], kind="stable")


def summarize_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """One row per source and rule: how many rows, and the first example, root causes first."""
    rows = []
    for (source, rule), group in problems.groupby(["source", "rule"], sort=False):
        first = group.iloc[0]
        rows.append({"source": source, "rule": rule, "rows": len(group), "first file": first["source_file"],
                     "first row": first["source_row"], "column": first["column_name"], "value": first["value"],
                     "reason": first["reason"]})
    return pd.DataFrame(rows, columns=["source", "rule", "rows", "first file", "first row", "column", "value",
                                       "reason"])


def write_quarantine_report(warehouse: Path, out_dir: Path) -> int:
    """Write the report of the warehouse's quarantine into out_dir (replacing it); return the problem count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        old.unlink()
    con = open_warehouse(warehouse)
    try:
        present = [t for t in TABLES if table_exists(con, t)]
        problems = _problems(con) if "quarantine" in present else pd.DataFrame(
            columns=["source", *COLUMNS, "_source_order", "_follows"])
    finally:
        con.close()
    _copy_tables(warehouse, out_dir / DATABASE, present)
    summary = summarize_problems(problems)
    summary.to_csv(out_dir / SUMMARY_CSV, index=False, encoding="utf-8-sig")  # BOM: Excel then reads Chinese
    by_source = {source: group[list(COLUMNS)].rename(columns=COLUMNS)
                 for source, group in problems.groupby("source", sort=False)}
    for source, rows in by_source.items():
        rows.to_csv(out_dir / f"{source}.csv", index=False, encoding="utf-8-sig")
    _write_workbook(out_dir / WORKBOOK, summary, by_source)
    return len(problems)


def _copy_tables(warehouse: Path, target: Path, tables: list[str]) -> None:
    con = duckdb.connect(str(target))
    try:
        con.execute("ATTACH ? AS built (READ_ONLY)", [str(warehouse)])
        for table in tables:
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM built."{table}"')
        con.execute("DETACH built")
    finally:
        con.close()


def _write_workbook(path: Path, summary: pd.DataFrame, by_source: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="xlsxwriter") as book:
        summary.to_excel(book, sheet_name="summary", index=False)
        book.sheets["summary"].autofit()
        for source, rows in by_source.items():
            shown = rows.head(SHEET_ROW_LIMIT)
            shown.to_excel(book, sheet_name=source[:31], index=False)
            sheet = book.sheets[source[:31]]
            sheet.autofit()
            if len(rows) > SHEET_ROW_LIMIT:
                sheet.write(len(shown) + 2, 0, f"first {SHEET_ROW_LIMIT:,} of {len(rows):,} rows; all in {source}.csv")
