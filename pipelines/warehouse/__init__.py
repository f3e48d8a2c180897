"""The DuckDB warehouse: connections, safe publishing and the read-only helper."""
