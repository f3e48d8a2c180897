"""Dagster wiring for the risk assets (filled in by the risk issue)."""

import dagster as dg


def assets() -> list[dg.AssetsDefinition]:
    return []


def schedules() -> list[dg.ScheduleDefinition]:
    return []
