"""Metric rules that read clearer in Python than in SQL: target decomposition, commission tiers, the
product-manager bonus, period comparisons and the rep scorecard. Plain Python and DuckDB, no Dagster:
notebooks and tests call these functions directly. The glossary is docs/metrics.md."""
