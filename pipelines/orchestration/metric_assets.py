"""Dagster wiring for the metric assets (filled in by the metric issue)."""

import dagster as dg


def assets() -> list[dg.AssetsDefinition]:
    return []


def schedules() -> list[dg.ScheduleDefinition]:
    return []
