"""Offline Plotly HTML dashboards built from the published warehouse, and the figure builders notebooks reuse."""

from pipelines.dashboards.build import build_all_languages, build_dashboards

__all__ = ["build_all_languages", "build_dashboards"]
