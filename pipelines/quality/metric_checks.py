"""Data tests on the metric marts (filled in by the metrics issue)."""

from __future__ import annotations

from pipelines.quality.table_checks_base import TableCheck

METRIC_CHECKS: tuple[TableCheck, ...] = ()
