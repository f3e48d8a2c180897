"""Dagster wiring: thin assets that call the domain code. Only this package imports dagster."""
