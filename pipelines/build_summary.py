"""The short human summary printed after a build."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.members_from_ids import member_lines
from pipelines.ingest.root_causes import root_cause_lines
from pipelines.risk.summary import summary_lines as risk_summary_lines
from pipelines.study_kind import NO_SALES_NOTE, SALES_GROUPS, group_skipped_note
from pipelines.warehouse.connection import table_exists
from pipelines.warehouse.readonly import open_warehouse


def summarize(warehouse: Path) -> str:
    """Sources loaded, rows accepted and quarantined, and tables built, read from a warehouse file."""
    if not warehouse.exists():
        return f"(no warehouse at {warehouse})"
    con = open_warehouse(warehouse)
    try:
        lines = []
        if table_exists(con, "load_log"):
            rows = con.execute(
                "SELECT source, status, rows_read, rows_accepted, rows_quarantined, rows_redelivered, message "
                "FROM load_log ORDER BY status <> 'loaded', source"
            ).fetchall()
            lines.append(f"{'source':<22}{'status':<9}{'rows read':>12}{'accepted':>12}{'quarantined':>13}"
                         f"{'re-delivered':>14}")
            for source, status, read, ok, bad, redelivered, _msg in rows:
                lines.append(f"{source:<22}{status:<9}{read:>12,}{ok:>12,}{bad:>13,}{redelivered:>14,}")
            status = {r[0]: r[1] for r in rows}
            if status.get("sales_lines") == "absent" and status.get("footfall_counts") == "loaded":
                lines.append(NO_SALES_NOTE)
                lines += [group_skipped_note(g) for g in SALES_GROUPS]
            skipped = [r[0] for r in rows if r[1] == "absent"]
            if skipped:
                lines.append("absent sources (their marts are empty): " + ", ".join(skipped))
            stopped = [f"{r[0]}: {r[6]}" for r in rows if r[1] == "stopped"]
            for text in stopped:
                lines.append("STOPPED " + text)
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()
        names = [t[0] for t in tables]
        layers = {p: [n for n in names if n.startswith(p)] for p in ("dim_", "fct_", "mart_", "risk_")}
        lines.append("tables: " + ", ".join(f"{len(v)} {k.rstrip('_')}" for k, v in layers.items() if v))
        lines += _accounting_lines(con)
        lines += risk_summary_lines(con)
        return "\n".join(lines)
    finally:
        con.close()


def _accounting_lines(con: object) -> list[str]:
    """Root causes, files not read or not adding up, rows skipped, values flagged, corrections: named, never silent."""
    lines = root_cause_lines(con) if table_exists(con, "root_causes") else []
    lines += member_lines(con)
    if table_exists(con, "raw_not_read"):
        for source, entry, reason in con.execute("SELECT * FROM raw_not_read ORDER BY 1, 2").fetchall():
            lines.append(f"NOT READ {source}/{entry}: {reason}")
    if table_exists(con, "raw_files"):
        unaccounted, skipped = con.execute(
            "SELECT count(*) FILTER (WHERE data_rows <> rows_skipped + rows_accepted + rows_quarantined "
            "+ rows_redelivered + rows_superseded), sum(rows_skipped) FROM raw_files").fetchone()
        if unaccounted:
            lines.append(f"UNACCOUNTED ROWS in {unaccounted} file(s): SELECT * FROM raw_files (data_rows is the sum "
                         "of rows_skipped, rows_accepted, rows_quarantined, rows_redelivered and rows_superseded)")
        if skipped:
            lines.append(f"{skipped:,} empty or blank rows skipped (raw_files.rows_skipped)")
    if table_exists(con, "outliers"):
        n = con.execute("SELECT count(*) FROM outliers").fetchone()[0]
        if n:
            lines.append(f"{n:,} values flagged for review (over 1,000 x their column's 99.9th percentile; kept): "
                         "SELECT * FROM outliers")
    if table_exists(con, "corrections"):
        n = con.execute("SELECT count(*) FROM corrections").fetchone()[0]
        if n:
            lines.append(f"{n:,} rows corrected by a later delivery: SELECT * FROM corrections (both versions)")
    return lines
