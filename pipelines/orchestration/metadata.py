"""Row counts and previews every asset reports."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.warehouse.connection import row_count


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, **extra: object) -> dict[str, object]:
    preview = con.execute(f'SELECT * FROM "{table}" LIMIT 5').df()
    return {
        "dagster/row_count": row_count(con, table),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False)),
        **extra,
    }
