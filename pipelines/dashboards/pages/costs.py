"""Cost control: expense structure, budget against actual, overruns, skipped approvals, expense ratio, 同期."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures, measures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import (
    add_region_names,
    month_frames,
    months_offered,
    region_period_variants,
    shift_period,
    with_period,
)
from pipelines.dashboards.pages.cost_metrics import budget_vs_actual_section, overruns_section
from pipelines.dashboards.pages.overview import kpi_section
from pipelines.dashboards.sections import (
    ALL_REGIONS,
    Column,
    FigureSection,
    Section,
    SumRule,
    TableSection,
    variant_key,
)

# Vouchers per region and month kept for the skipped-approval table (the page shows the biggest).
VOUCHERS_PER_MONTH = 40
# Reps shown per region in the approvals chart: those with the most spend that skipped the line.
APPROVAL_ROWS = 15


def structure(ctx: PageContext) -> Section:
    df = with_period(ctx.query("expenses_region_month_category"))

    def make(part: pd.DataFrame, region: str, period: str):
        return figures.expense_structure(part, lang=ctx.lang)

    return FigureSection("", "", note=ctx.labels("selection_note"),
                         variants=region_period_variants(ctx, month_frames(ctx, df), make), by_region="variants",
                         by_period="sum", sum_rule=SumRule("x", "asc", row_px=32))


def approvals(ctx: PageContext) -> Section:
    df = add_region_names(ctx, with_period(ctx.query("expenses_approval")))
    df["rep_name"] = df["rep_name"].fillna(ctx.labels("department_cost"))

    def make(part: pd.DataFrame, region: str, period: str):
        # All regions: one bar per region; one region: one bar per rep (department costs have no rep).
        # Every row of the month: the page keeps the 15 that skipped the line most over the months chosen.
        name_col = "region_name" if region == ALL_REGIONS else "rep_name"
        return figures.approval_breakdown(part.rename(columns={name_col: "name"}), lang=ctx.lang)

    skipped = tuple(ctx.labels.value("approval", level) for level in figures.SKIPPED_LINE)
    return FigureSection("", "", note=f"{ctx.labels('selection_note')} {ctx.labels('drill_skipped')}",
                         variants=region_period_variants(ctx, month_frames(ctx, df), make), by_region="variants",
                         by_period="sum", sum_rule=SumRule("x", "asc", top=APPROVAL_ROWS, rank=skipped))


def skipped_approvals(ctx: PageContext) -> Section:
    since = ctx.periods[0] + "-01" if ctx.periods else "1900-01-01"
    df = ctx.query("expenses_skipped_approval", {"since": since, "per_month": VOUCHERS_PER_MONTH})
    df = add_region_names(ctx, with_period(df))
    L = ctx.labels
    df = df.assign(category=df["category"].map(lambda c: L.value("category", c)),
                   approval=df["approval_level"].map(lambda a: L.value("approval", a)),
                   issue=df["issue"].map(lambda i: L.value("approval_issue", i)))
    return TableSection("", "", note=L("month_note"), rows=df, region_col="region_id", period_col="period",
                        period_mode="eq",
                        columns=[Column("expense_date", L("date"), "date"), Column("expense_id", L("voucher")),
                                 Column("region_id", L("region"), "region"), Column("rep_name", L("rep")),
                                 Column("category", L("category")), Column("amount", L("amount"), "money"),
                                 Column("issue", L("approval_issue")), Column("approval", L("approval_level")),
                                 Column("approver_name", L("approver"))])


def expense_ratio(ctx: PageContext) -> Section:
    # The rolling ratio (expenses over sales of the trailing months, int_expense_ratios_month): one quiet sales
    # month does not read as a 5000% spike.
    total = measures.rolling_expense_ratio(ctx.con, "company")
    regions = add_region_names(ctx, measures.rolling_expense_ratio(ctx.con, "region").dropna(subset=["ratio"]))
    fig = figures.region_lines(regions, "ratio", lang=ctx.lang, colours=ctx.colours, kind="pct", total=total)
    return FigureSection("", "", note=ctx.labels("trend_note"), figure=fig, by_region="traces", by_period="xrange",
                         wide=True)


def comparison(ctx: PageContext) -> Section:
    """Spend by category in each month, the month before and the same month last year; the page adds up the
    months chosen and compares them with as many months just before (环比) and a year earlier (同比)."""
    df = with_period(ctx.query("expenses_region_month_category"))
    # (region or ALL_REGIONS, period) -> spend by category.
    spend = {key: s.droplevel([0, 1]) for key, s in
             df.groupby(["region_id", "period", "category"])["amount"].sum().groupby(level=[0, 1])}
    spend |= {(ALL_REGIONS, p): s.droplevel(0) for p, s in
              df.groupby(["period", "category"])["amount"].sum().groupby(level=0)}
    months = months_offered(ctx, back=len(ctx.periods))  # a 12-month range has its 12 months before
    regions = [ALL_REGIONS] + [r for r in ctx.regions["region_id"] if any((r, p) in spend for p in months)]
    variants = {}
    for period in months:
        months = {"current": period, "previous": shift_period(period, -1), "last_year": shift_period(period, -12)}
        for region in regions:
            cols = {name: spend.get((region, p)) for name, p in months.items()}
            if cols["current"] is None and cols["previous"] is None:
                continue
            frame = pd.DataFrame({k: v for k, v in cols.items() if v is not None}).reindex(
                columns=list(months)).fillna(0.0).rename_axis("category").reset_index()
            variants[variant_key(region, period)] = figures.period_comparison(frame, lang=ctx.lang)
    L = ctx.labels
    roles = {role: L(f"period_{role}") for role in ("current", "previous", "last_year")}
    return FigureSection("", "", note=L("comparison_note"), variants=variants, by_region="variants",
                         by_period="sum", sum_rule=SumRule("y", "desc", roles=roles, row_px=0))


def kpis(ctx: PageContext) -> Section:
    return kpi_section(ctx, ["expenses", "profit"])


BUILDERS = {
    "costs.kpis": kpis,
    "costs.structure": structure,
    "costs.budget_vs_actual": budget_vs_actual_section,
    "costs.overruns": overruns_section,
    "costs.approvals": approvals,
    "costs.skipped_approvals": skipped_approvals,
    "costs.expense_ratio": expense_ratio,
    "costs.period_comparison": comparison,
}
