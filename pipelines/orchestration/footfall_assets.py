"""Dagster wiring for the footfall assets (filled in by the footfall issue)."""

import dagster as dg


def assets() -> list[dg.AssetsDefinition]:
    return []


def schedules() -> list[dg.ScheduleDefinition]:
    return []
