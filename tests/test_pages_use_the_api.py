"""The dashboard pages are built on the analyst API (docs/analyst_api.md): every figure through
`pipelines.analyst.figures`, region colours and names through `pipelines.analyst.regions`, the int_ quantities
through `pipelines.analyst.measures`. So a page and a notebook cannot drift apart: the first test refuses a page
module that draws a figure any other way, the others compare a page's figure with the notebook's call on the same
warehouse, number for number."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from notebook_runner import pipelines_imports

from pipelines.analyst import figures, measures, open_workbench
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.pages import inventory, overview
from pipelines.dashboards.sections import variant_key
from pipelines.warehouse.readonly import open_warehouse

PAGES_DIR = Path(inventory.__file__).resolve().parent
PAGE_MODULES = sorted(PAGES_DIR.glob("*.py"))
# Where figures are drawn: only the API may reach these from a page.
FIGURE_MODULES = ("plotly", "pipelines.dashboards.figures", "pipelines.footfall.figures")


def figure_breaches(source: str) -> list[str]:
    """Imports of plotly or of a figure module (the API's own wrappers are the only way in)."""
    tree = ast.parse(source)
    modules = pipelines_imports(source) + [a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                                           for a in n.names]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    return sorted({m for m in modules if any(m == f or m.startswith(f + ".") for f in FIGURE_MODULES)})


def test_there_are_pages_to_check():
    assert {"overview.py", "inventory.py", "costs.py", "footfall.py", "risk.py"} <= {p.name for p in PAGE_MODULES}


@pytest.mark.parametrize("path", PAGE_MODULES, ids=lambda p: p.stem)
def test_a_page_draws_figures_only_through_the_analyst_api(path):
    assert figure_breaches(path.read_text(encoding="utf-8")) == [], \
        f"{path.name}: draw figures with pipelines.analyst.figures (docs/analyst_api.md), not plotly or a figure module"


@pytest.mark.parametrize("source", [
    "from pipelines.dashboards.figures.trends import region_lines",
    "from pipelines.dashboards.figures import inventory",
    "import plotly.graph_objects as go",
    "from plotly import express as px",
    "from pipelines.footfall import figures",
    "from pipelines.footfall.figures import ranking",
])
def test_the_page_rule_refuses_figures_drawn_elsewhere(source):
    assert figure_breaches(source)


def test_the_page_rule_allows_the_api():
    assert figure_breaches("from pipelines.analyst import figures, measures\nimport pandas as pd\n") == []


def _value(v: object) -> object:
    return round(float(v), 6) if isinstance(v, int | float) else str(v)[:10] if v is not None else None


def traces(fig) -> list[tuple]:
    """What a reader sees of each trace: its name, colour and every point."""
    out = []
    for t in fig.data:
        colour = getattr(getattr(t, "line", None), "color", None) or getattr(getattr(t, "marker", None), "color", None)
        out.append((t.name, str(colour), [_value(x) for x in t.x], [_value(y) for y in t.y]))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_overview_sales_chart_is_the_notebooks_chart(built_tiny, lang):
    con = open_warehouse(built_tiny.warehouse)
    try:
        page = overview.region_sales(PageContext(con, Labels(lang))).figure
    finally:
        con.close()
    with open_workbench(lang=lang, settings=built_tiny) as wb:
        sales = wb.table("mart_sales_region_month")
        notebook = figures.region_lines(sales, "sales_amount", lang=lang, colours=wb.colours)
    assert traces(page) == traces(notebook)
    # Two regions with sales, each with its own colour and name in the language.
    assert len({(name, colour) for name, colour, _x, _y in traces(page)}) >= 2


def test_the_days_of_inventory_chart_is_the_notebooks_chart(built_tiny):
    con = open_warehouse(built_tiny.warehouse)
    try:
        section = inventory.days_of_inventory(PageContext(con, Labels("en")))
    finally:
        con.close()
    with open_workbench(settings=built_tiny) as wb:
        months = sorted({str(m)[:7] for m in measures.days_of_inventory(wb.con)["month_start"]})
        assert months, "the tiny company has stock counts"
        for month in months:
            frame = measures.days_of_inventory(wb.con, month)
            notebook = figures.days_of_inventory_chart(frame.assign(name=frame["product_name"]), lang="en")
            page = section.variants[variant_key(None, month)]
            assert traces(page) == traces(notebook), month
            assert traces(page) and page.data[0].customdata == notebook.data[0].customdata  # turnover in the hover
