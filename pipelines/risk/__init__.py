"""Calibrated risk scores: customer churn, stock-out and channel stuffing.

Plain Python and SQL (no dagster): feature SQL in `sql/`, labels from the following horizon,
time-based backtests against transparent baselines, skops model files with JSON/Markdown cards,
and nightly scoring with each row's top drivers in words. Entry points live in `run.py`.
"""
