"""What kind of project the raw folder holds: a sales organisation, or a foot-traffic study without sales.

A study project (count sheets, perhaps reference counters, no sales lines) builds the footfall marts;
the groups built on sales lines (core, marts, metrics, risk) are skipped and their tables left empty.
"""

from __future__ import annotations

from datetime import date

import duckdb

NO_SALES_NOTE = ("no sales lines delivered: a foot-traffic study without sales, so the sales groups (core, marts, "
                 "metrics, risk) are skipped and their tables are empty; the footfall marts are built")
# What each group built on sales lines would have made: one line per group in the build summary and its Dagster checks.
SALES_GROUPS = {
    "core": "dimensions and fact tables",
    "marts": "sales, collections, inventory and expense marts",
    "metrics": "targets, commission, PM bonus, period comparison and rep scorecard",
    "risk": "churn, stock-out and channel-stuffing scores",
}


def group_skipped_note(group: str) -> str:
    """The one line saying that a sales group was skipped and why."""
    return (f"skipped {group} ({SALES_GROUPS[group]}): no sales lines delivered (data/raw/sales_lines/ is absent), "
            "a foot-traffic study; its tables exist empty")


def sales_delivered(con: duckdb.DuckDBPyConnection) -> bool:
    """True when staging holds at least one accepted sales line."""
    return con.execute("SELECT EXISTS (SELECT 1 FROM stg_sales_lines)").fetchone()[0]


def study_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The as-of date of a study without sales: its last counted day, else the last reference-counter day."""
    return con.execute(
        "SELECT coalesce((SELECT max(count_date) FROM stg_footfall_counts), "
        "(SELECT CAST(max(hour_start) AS DATE) FROM stg_footfall_reference))").fetchone()[0]
