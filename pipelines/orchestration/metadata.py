"""Row counts and previews every asset reports."""

from __future__ import annotations

import dagster as dg
import duckdb

PREVIEW_ROWS = 5


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, **extra: object) -> dict[str, object]:
    # Plain fetches and hand-made Markdown: through pandas this cost 30 ms a table, a tenth of a build's bookkeeping.
    rows = con.execute(f'SELECT * FROM "{table}" LIMIT {PREVIEW_ROWS}').fetchall()
    columns = [d[0] for d in con.description]
    count = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    return {"dagster/row_count": count, "preview": dg.MetadataValue.md(markdown_table(columns, rows)), **extra}


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    def cell(value: object) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
