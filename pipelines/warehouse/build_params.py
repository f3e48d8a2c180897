"""build_params: the one-row table holding the as-of date every SQL model filters on (a dbt source)."""

from __future__ import annotations

from datetime import date

import duckdb

from pipelines.study_kind import study_as_of


def write_build_params(con: duckdb.DuckDBPyConnection, as_of: date | None) -> date:
    """The as-of date every model filters on: the setting, else the last invoice date (a study without sales:
    its last counted day)."""
    if as_of is None:
        as_of = con.execute("SELECT max(invoice_date) FROM stg_sales_lines").fetchone()[0] or study_as_of(con)
    if as_of is None:
        raise ValueError("no accepted sales lines and no count sheets, so there is no as-of date; set SALESOPS_AS_OF")
    con.execute("CREATE OR REPLACE TABLE build_params AS SELECT CAST(? AS DATE) AS as_of", [as_of])
    return as_of
