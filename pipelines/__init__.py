"""Sales Ops Analytics: raw sales exports to DuckDB marts, risk scores and dashboards."""
