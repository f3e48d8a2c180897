"""Targets and reps: attainment, run-rate projection, gap list, scorecards, discipline, commissions."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names, period_variants, with_period
from pipelines.dashboards.pages.overview import kpi_section
from pipelines.dashboards.pages.target_metrics import (
    attainment_section,
    commissions_section,
    gap_list_section,
    run_rate_section,
    scorecards_section,
)
from pipelines.dashboards.sections import Column, FigureSection, Section, TableSection


def _activity(ctx: PageContext) -> pd.DataFrame:
    since = ctx.periods[0] + "-01" if ctx.periods else "1900-01-01"
    df = add_region_names(ctx, with_period(ctx.query("rep_discipline_month", {"since": since})))
    return df.assign(unmanaged=df["is_unmanaged"].map(lambda flag: ctx.labels("yes") if flag else ""))


def discipline(ctx: PageContext) -> Section:
    df = _activity(ctx)

    def make(period: str):
        part = df[df["period"] == period].rename(columns={"rep_name": "name"})
        return figures.discipline_chart(part, lang=ctx.lang, colours=ctx.colours) if not part.empty else None

    return FigureSection("", "", note=ctx.labels("end_month_note"), variants=period_variants(ctx, make),
                         by_region="traces", by_period="variants")


def discipline_table(ctx: PageContext) -> Section:
    df = _activity(ctx).sort_values(["is_unmanaged", "checkin_rate", "report_on_time_rate"],
                                    ascending=[False, True, True], na_position="first")
    L = ctx.labels
    return TableSection("", "", note=L("month_note"), rows=df, region_col="region_id", period_col="period",
                        period_mode="eq",
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("working_days", L("working_days"), "int"),
                                 Column("days_checked_in", L("days_checked_in"), "int"),
                                 Column("checkin_rate", L("checkin_rate"), "pct"),
                                 Column("reports_due", L("reports_due"), "int"),
                                 Column("report_on_time_rate", L("report_on_time_rate"), "pct"),
                                 Column("visits", L("visits"), "int"),
                                 Column("visits_per_day", L("visits_per_day"), "num1"),
                                 Column("work_saturation", L("saturation"), "pct"),
                                 Column("co_visits", L("co_visits"), "int"),
                                 Column("unmanaged", L("unmanaged"))])


def kpis(ctx: PageContext) -> Section:
    return kpi_section(ctx, ["sales_amount"])


BUILDERS = {
    "targets.kpis": kpis,
    "targets.attainment": attainment_section,
    "targets.run_rate": run_rate_section,
    "targets.gap_list": gap_list_section,
    "targets.scorecards": scorecards_section,
    "targets.discipline": discipline,
    "targets.discipline_table": discipline_table,
    "targets.commissions": commissions_section,
}
