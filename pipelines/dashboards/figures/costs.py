"""Cost-control figures: expense structure, budget against actual, period against period, approvals."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.dashboards.figures.common import HOVER, HOVER_X, as_float, axis_format, require
from pipelines.dashboards.labels import Labels
from pipelines.dashboards.theme import ACTUAL, BAD, GOOD, LAST_YEAR, SERIES, TARGET, WARN, make_figure

GROUP_COLOURS = {"market": SERIES[0], "personnel": SERIES[1]}
APPROVAL_COLOURS = {"full_chain": GOOD, "department_head": "#66bb6a", "line_manager": "#a5d6a7",
                    "top_only": WARN, "none": BAD}
APPROVAL_ORDER = ("full_chain", "department_head", "line_manager", "top_only", "none")


def _hbar(names: list[str], values: list, name: str, colour: object) -> dict:
    return {"type": "bar", "orientation": "h", "y": names, "x": values, "name": name, "marker": {"color": colour},
            "hovertemplate": f"%{{y}} {name}: {HOVER_X['money']}<extra></extra>"}


def _rows_height(n: int, per_row: int = 28) -> int:
    return max(260, 60 + per_row * n)


def expense_structure(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Spend by category, coloured by group (market / personnel). Columns: category, expense_group, amount."""
    labels = labels or Labels()
    require(df, ["category", "expense_group", "amount"], "expense_structure")
    df = df.groupby(["expense_group", "category"], as_index=False)["amount"].sum().sort_values("amount")
    traces = [_hbar([labels.value("category", c) for c in part["category"]], as_float(part["amount"]),
                    labels.value("expense_group", group), GROUP_COLOURS.get(str(group), SERIES[2]))
              for group, part in df.groupby("expense_group", sort=True)]
    return make_figure(traces, {"xaxis": axis_format("money"), "barmode": "stack",
                                "yaxis": {"categoryorder": "total ascending"}, "legend": {"traceorder": "normal"}},
                       title=title, height=_rows_height(df["category"].nunique(), 32))


def budget_vs_actual(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Budget (grey) against actual per row, actual red where it overran. Columns: name, budget, actual."""
    labels = labels or Labels()
    require(df, ["name", "budget", "actual"], "budget_vs_actual")
    df = df.sort_values("actual", ascending=True)
    names = [str(n) for n in df["name"]]
    budget, actual = as_float(df["budget"]), as_float(df["actual"])
    over = [a is not None and b is not None and a > b for a, b in zip(actual, budget, strict=True)]
    traces = [_hbar(names, budget, labels("budget"), TARGET),
              _hbar(names, actual, labels("actual"), [BAD if o else ACTUAL for o in over])]
    return make_figure(traces, {"xaxis": axis_format("money"), "barmode": "group", "bargap": 0.25,
                                "legend": {"traceorder": "normal"}}, title=title, height=_rows_height(len(names), 36))


def period_comparison(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None) -> go.Figure:
    """Spend per category: this period, the period before and the same period last year (同期).

    Columns: category, current, previous, last_year.
    """
    labels = labels or Labels()
    require(df, ["category", "current", "previous", "last_year"], "period_comparison")
    df = df.sort_values("current", ascending=False)
    cats = [labels.value("category", c) for c in df["category"]]
    traces = []
    for col, colour in (("last_year", LAST_YEAR), ("previous", TARGET), ("current", ACTUAL)):
        name = labels(f"period_{col}")
        traces.append({"type": "bar", "x": cats, "y": as_float(df[col]), "name": name, "marker": {"color": colour},
                       "hovertemplate": f"%{{x}} {name}: {HOVER['money']}<extra></extra>"})
    return make_figure(traces, {"yaxis": axis_format("money"), "barmode": "group", "bargap": 0.25}, title=title)


SKIPPED_LINE = ("none", "top_only")  # 无审批 / 一笔签


def approval_breakdown(df: pd.DataFrame, labels: Labels | None = None, *, title: str | None = None,
                       top: int | None = None) -> go.Figure:
    """Spend by highest signature per row (region or rep), so spend that skipped the line stands out.

    Columns: name, approval_level, amount. With ``top``, only the rows with the most spend that skipped
    the line (no approval or the top boss only) are kept.
    """
    labels = labels or Labels()
    require(df, ["name", "approval_level", "amount"], "approval_breakdown")
    wide = df.groupby(["name", "approval_level"])["amount"].sum(min_count=1).unstack("approval_level")
    if top is not None and len(wide) > top:
        skipped = wide.reindex(columns=list(SKIPPED_LINE)).sum(axis=1)
        keep = pd.DataFrame({"skipped": skipped, "total": wide.sum(axis=1)}).nlargest(top, ["skipped", "total"])
        wide = wide.loc[keep.index]
    wide = wide.loc[wide.sum(axis=1).sort_values().index]
    present = set(wide.columns.astype(str))
    levels = [lvl for lvl in APPROVAL_ORDER if lvl in present] + sorted(present - set(APPROVAL_ORDER))
    names = [str(n) for n in wide.index]
    traces = [_hbar(names, as_float(wide[level]), labels.value("approval", level),
                    APPROVAL_COLOURS.get(level, SERIES[4])) for level in levels]
    return make_figure(traces, {"xaxis": axis_format("money"), "barmode": "stack", "legend": {"traceorder": "normal"}},
                       title=title, height=_rows_height(len(names)))
