"""The analyst's API: everything a notebook needs, stable while the code behind it is reorganised.

Documented in docs/analyst_api.md. Notebooks import from here (and pandas / plotly), never from the
dashboard pages, their context or the risk internals; tests/test_notebooks.py enforces it.
"""

from importlib import import_module

from pipelines.analyst import figures
from pipelines.analyst.catalogue import describe_mart, list_marts
from pipelines.analyst.periods import PeriodRange, compare_periods, parse_period
from pipelines.analyst.regions import label, region_colours, region_names, with_region_names
from pipelines.analyst.sql_models import model_path, preview_model, write_model
from pipelines.analyst.workbench import Workbench, has_rows, open_workbench, warehouse_as_of
from pipelines.warehouse.readonly import open_warehouse, query

# Imported on first use: the churn model pulls in scikit-learn and scipy (seconds), which most notebooks never need.
_LAZY = {"ChurnScorer": "churn", "RetrainResult": "churn", "card_table": "churn", "load_churn_model": "churn",
         "read_model_card": "churn", "retrain_churn": "churn", "FootfallEstimate": "footfall",
         "estimate_footfall": "footfall", "measures": ""}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'pipelines.analyst' has no attribute {name!r}")
    module = import_module(f"pipelines.analyst.{_LAZY[name] or name}")
    return module if not _LAZY[name] else getattr(module, name)


__all__ = [
    "ChurnScorer", "FootfallEstimate", "PeriodRange", "RetrainResult", "Workbench", "card_table", "compare_periods",
    "describe_mart", "estimate_footfall", "figures", "has_rows", "label", "list_marts", "load_churn_model", "measures",
    "open_warehouse", "open_workbench", "parse_period", "query", "read_model_card", "region_colours", "region_names",
    "retrain_churn", "warehouse_as_of", "with_region_names", "model_path", "preview_model", "write_model",
]
