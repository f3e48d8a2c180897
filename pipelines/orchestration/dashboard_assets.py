"""Dagster wiring for the dashboard assets (filled in by the dashboard issue)."""

import dagster as dg


def assets() -> list[dg.AssetsDefinition]:
    return []


def schedules() -> list[dg.ScheduleDefinition]:
    return []
