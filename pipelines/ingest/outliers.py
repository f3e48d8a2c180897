"""Values far beyond the rest of their column: kept, but flagged for review and counted in the summary.

A column's bound is OUTLIER_FACTOR times its 99.9th percentile (of absolute values), per source and build,
so a typo like an amount entered in fen instead of yuan, or an extra three zeros, stands out whatever the
scale of the company. Only amounts and quantities are looked at: decimal columns without a contract maximum.
"""

from __future__ import annotations

import duckdb

from pipelines.contracts import Contract
from pipelines.contracts.plausibility import OUTLIER_FACTOR, OUTLIER_QUANTILE
from pipelines.ingest.validate_sql import _q

SAMPLE_ROWS = 500_000

OUTLIERS_DDL = """
CREATE TABLE IF NOT EXISTS outliers (
    source VARCHAR, source_file VARCHAR, source_row BIGINT, column_name VARCHAR, value DOUBLE,
    percentile_999 DOUBLE, bound DOUBLE, reason VARCHAR
)"""


def flag_outliers(con: duckdb.DuckDBPyConnection, contract: Contract, table: str, rows: int) -> int:
    """Replace the source's rows in outliers with the accepted values beyond their column's bound; return how many.

    rows: the table's row count.
    """
    con.execute(OUTLIERS_DDL)
    con.execute("DELETE FROM outliers WHERE source = ?", [contract.name])
    columns = [c.name for c in contract.columns if c.type == "decimal" and c.max_value is None]
    if not columns or not rows:
        return 0
    # The percentile only sets a bound a thousand times above it: a sample of a big table is precise enough.
    sample = f" USING SAMPLE {100 * SAMPLE_ROWS / rows:.4f} PERCENT (system)" if rows > 2 * SAMPLE_ROWS else ""
    quantile_sql = [f"approx_quantile(abs({_q(c)})::DOUBLE, {OUTLIER_QUANTILE})" for c in columns]
    max_sql = [f"max(abs({_q(c)}))::DOUBLE" for c in columns]
    if sample:
        quantiles = con.execute(f"SELECT {', '.join(quantile_sql)} FROM {_q(table)}{sample}").fetchone()
        largest = con.execute(f"SELECT {', '.join(max_sql)} FROM {_q(table)}").fetchone()
    else:  # one scan
        both = con.execute(f"SELECT {', '.join(quantile_sql + max_sql)} FROM {_q(table)}").fetchone()
        quantiles, largest = both[:len(columns)], both[len(columns):]
    flagged = 0
    for column, quantile, top in zip(columns, quantiles, largest, strict=True):
        if not quantile or quantile <= 0 or top is None or top <= quantile * OUTLIER_FACTOR:
            continue
        bound = quantile * OUTLIER_FACTOR
        flagged += int(con.execute(f"""
            INSERT INTO outliers
            SELECT $source, _source_file, _source_row, $column, {_q(column)}, $quantile, $bound,
                   _source_file || ' row ' || _source_row || ', column ' || $column || ': value '
                   || {_q(column)} || ' is more than {OUTLIER_FACTOR:,.0f} times the 99.9th percentile of the column ('
                   || $quantile || '); kept, please check the unit and the decimal point'
            FROM {_q(table)} WHERE abs({_q(column)}) > $bound ORDER BY _source_file, _source_row
        """, {"source": contract.name, "column": column, "quantile": quantile, "bound": bound}).fetchone()[0])
    return flagged
