"""Every analyst notebook (jupytext percent .py): a papermill-style parameters cell, only the public analyst API,
and a real top-to-bottom run in a python3 kernel with different parameters.

Two parameter sets on the generated sample (scale 0.01, built once per session): all regions / the as-of month /
English, and one region / a custom range ending before the as-of date / Chinese. A third run on the hand-made
tiny company, where most optional sources are missing: the notebooks must say so, not fail.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta

import jupytext
import pytest
from notebook_runner import (
    NOTEBOOK_DIR,
    PARAMETERS,
    defaults,
    figure_count,
    parameters_cell,
    pipelines_imports,
    run_notebook,
    text_output,
)

from pipelines.analyst import open_workbench, parse_period

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.py"))
PUBLIC_API = "pipelines.analyst"
# Internals a notebook must never reach into (named in the failure message); anything but the API is refused.
INTERNALS = re.compile(r"pipelines\.(dashboards\.(pages|context)|risk)\b")

# What each notebook must show on the sample, whatever the parameters: figures at least, and words.
EXPECTED = {
    "sales_collections": (3, ["period_a"]),
    "cost_control": (3, ["against"]),
    "channel_inventory": (2, ["non-effective stock"]),
    "churn_model": (3, ["churn probability"]),
    "churn_retrain": (2, ["the customer makes no purchase in the next 60 days", "scored by both models"]),
    "visit_plan_what_if": (1, ["most value at stake first"]),
    "period_compare": (1, ["(环比)", "(同比)", "per_month_change_pct"]),
    "new_metric": (1, ["is not in this warehouse yet", "repeat purchases"]),
    "footfall_study": (6, ["profile source: reference counters"]),
    "footfall_new_site": (2, ["broke a contract rule", "reference counters from the published warehouse"]),
}


def code_of(path) -> str:
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")


def forbidden_imports(source: str) -> list[str]:
    """Modules of the project the code imports other than the public API, and any mention of the internals."""
    found = [m for m in pipelines_imports(source) if m != PUBLIC_API and not m.startswith(PUBLIC_API + ".")]
    return found + [m.group(0) for m in INTERNALS.finditer(source)]


def test_the_notebooks_are_there():
    assert set(EXPECTED) == {p.stem for p in NOTEBOOKS}
    for path in NOTEBOOKS:
        assert "format_name: percent" in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_starts_with_a_parameters_cell(path):
    nb = jupytext.read(path)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert parameters_cell(nb) == first_code, "the parameters cell must be the first code cell"
    values = defaults(nb)
    assert set(PARAMETERS) <= set(values), f"missing parameters: {set(PARAMETERS) - set(values)}"
    assert values["as_of"] is None and values["region"] == "all" and values["lang"] == "en"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_imports_only_the_public_api(path):
    assert forbidden_imports(code_of(path)) == [], f"{path.name} must import only {PUBLIC_API} (docs/analyst_api.md)"


@pytest.mark.parametrize("source", [
    "from pipelines.dashboards.pages.common import add_region_names",
    "from pipelines.dashboards.context import PageContext",
    "from pipelines.dashboards import context",
    "import pipelines.risk.churn as churn",
    "from pipelines.risk.persist import load_bundle",
    "from pipelines import risk",
    "from pipelines.warehouse.readonly import open_warehouse",
    "x = importlib.import_module('pipelines.risk.drivers')",
])
def test_the_import_rule_refuses_internals(source):
    assert forbidden_imports(source)


def test_the_import_rule_allows_the_api():
    assert forbidden_imports("import pandas as pd\nfrom pipelines.analyst import figures, open_workbench\n"
                             "import pipelines.analyst") == []


# Quantities an int_ model defines once (docs/metrics.md): a notebook reads them through `measures`, never works
# them out again from their parts.
DEFINED_ONCE = {"days_of_inventory", "turnover", "weeks_of_supply", "excess_value", "expense_to_sales"}


def computed_quantities(source: str) -> list[str]:
    """Quantities the code computes itself: `.assign(name=...)` keywords and `df["name"] = ...` targets."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "assign":
            found += [k.arg for k in node.keywords if k.arg in DEFINED_ONCE]
        elif isinstance(node, ast.Assign):
            found += [t.slice.value for t in node.targets if isinstance(t, ast.Subscript)
                      and isinstance(t.slice, ast.Constant) and t.slice.value in DEFINED_ONCE]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_reads_defined_quantities_through_measures(path):
    assert computed_quantities(code_of(path)) == [], \
        f"{path.name} computes what an int_ model defines: read it with pipelines.analyst.measures"


@pytest.mark.parametrize("source", [
    "m = m.assign(days_of_inventory=30 * m['closing_value'] / m['cogs'])",
    "m['turnover'] = m['cogs'] / m['avg_value_in_month']",
])
def test_the_measures_rule_refuses_a_quantity_worked_out_again(source):
    assert computed_quantities(source)


def sample_parameters(settings) -> list[dict[str, object]]:
    """All regions / month / en, and the busiest region / a custom five-month range / zh at an earlier as-of."""
    with open_workbench(settings=settings) as wb:
        busiest = wb.sql("SELECT region_id FROM mart_sales_region_month GROUP BY 1 ORDER BY sum(sales_amount) DESC "
                         "LIMIT 1")["region_id"].iloc[0]
        earlier = wb.as_of - timedelta(days=45)
    last = parse_period("month", earlier).last
    custom = f"{(last - 4).start_time.date()}..{earlier}"
    return [{"as_of": None, "region": "all", "period": "month", "lang": "en"},
            {"as_of": str(earlier), "region": busiest, "period": custom, "lang": "zh"}]


def check_run(nb, params: dict[str, object], settings, workdir) -> str:
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, "\n".join(e.get("evalue", "") for e in errors)
    out = text_output(nb)
    with open_workbench(params["as_of"], params["region"], params["period"], params["lang"], settings=settings) as wb:
        assert wb.summary().split("; NOTE")[0] in out, "the notebook did not run with the injected parameters"
    assert not list(workdir.glob("*.duckdb*")), "a notebook wrote a database file"
    return out


@pytest.mark.parametrize("which", [0, 1], ids=["all-month-en", "region-custom-zh"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample(path, which, built_sample, tmp_path):
    params = sample_parameters(built_sample)[which]
    nb = run_notebook(path, params, built_sample.as_env(), tmp_path)
    out = check_run(nb, params, built_sample, tmp_path)
    min_figures, words = EXPECTED[path.stem]
    assert figure_count(nb) >= min_figures, f"{path.name} showed {figure_count(nb)} figures"
    for word in words:
        assert word in out, f"{path.name}: {word!r} not in its output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_tiny_company(path, built_tiny, tmp_path):
    """Most optional sources missing, three months of history: no backtest, so no supervised churn model."""
    params = {"as_of": None, "region": "R2", "period": "quarter", "lang": "en"}
    nb = run_notebook(path, params, built_tiny.as_env(), tmp_path)
    out = check_run(nb, params, built_tiny, tmp_path)
    if path.stem == "churn_model":  # too short a history for a backtest: no supervised model to explain
        assert "nothing to explain" in out
    if path.stem == "visit_plan_what_if":
        assert "nothing to simulate" in out
    if path.stem == "churn_retrain":
        assert re.search(r"^(trained|skipped) - ", out, re.MULTILINE)
