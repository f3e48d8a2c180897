"""窜货 (cross-region diversion): a distributor's goods sold to terminals in another region.

Reads mart_cross_region_sell_out and int_sell_out_regions (pipelines/dbt_project/models: the one definition of
which sell-out line crossed regions). The chart adds up the months chosen (one figure per region and month);
the table lists each month's diverted volume by distributor, product and destination region. A line whose
terminal is unnamed or of unknown region cannot be judged: the note says how many lines were checked.
"""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import month_frames, region_period_variants, with_period
from pipelines.dashboards.sections import (
    Column,
    FigureSection,
    NoDataSection,
    NoteSection,
    Section,
    SumRule,
    TableSection,
)
from pipelines.dashboards.theme import fmt_pct

# Distributors shown in the chart: those that sold the most outside their region over the months chosen.
DIVERSION_ROWS = 15


def coverage_note(ctx: PageContext) -> str:
    """How many sell-out lines could be judged and how many crossed regions, in words."""
    cov = ctx.query("sell_out_region_coverage").iloc[0]
    lines, checked, crossed = int(cov["lines"]), int(cov["checked"]), int(cov["crossed"])
    return ctx.labels("diversion_coverage", lines=f"{lines:,}", checked=f"{checked:,}", crossed=f"{crossed:,}",
                      share=fmt_pct(crossed / checked) if checked else "–")


def _unnamed_terminals(ctx: PageContext) -> Section | None:
    """Without terminals in the sell-out there is nothing to judge: say which column to add."""
    if int(ctx.query("sell_out_region_coverage").iloc[0]["with_terminal"]):
        return None
    return NoDataSection("", "", note=ctx.labels("diversion_no_terminal"), exports=["sell_out"])


def _diverted(ctx: PageContext) -> pd.DataFrame:
    df = with_period(ctx.query("cross_region_sell_out"))
    names = ctx.region_names()
    return df.assign(destination=df["terminal_region_id"].map(lambda r: names.get(r, r)))


def chart(ctx: PageContext) -> Section:
    if (missing := _unnamed_terminals(ctx)) is not None:
        return missing
    df = _diverted(ctx)
    L = ctx.labels
    if df.empty:  # every judged line stayed in its region: good news, said in words
        return NoteSection("", "", note=f"{L('diversion_none')} {coverage_note(ctx)}", wide=True)

    def make(part: pd.DataFrame, region: str, period: str):
        return figures.diversion_chart(part, lang=L.lang, colours=ctx.colours)

    variants = region_period_variants(ctx, month_frames(ctx, df), make)
    if not variants:  # crossings only before the months the filter offers
        return NoteSection("", "", note=f"{L('diversion_none_recent', first=L.month(ctx.periods[0]))} "
                                        f"{coverage_note(ctx)}" if ctx.periods else coverage_note(ctx), wide=True)
    return FigureSection("", "", note=f"{L('selection_note')} {L('diversion_note')} {coverage_note(ctx)}",
                         variants=variants, by_region="variants", by_period="sum",
                         sum_rule=SumRule("x", "asc", top=DIVERSION_ROWS), wide=True)


def table(ctx: PageContext) -> Section:
    if (missing := _unnamed_terminals(ctx)) is not None:
        return missing
    L = ctx.labels
    df = _diverted(ctx)
    df = df[df["period"].isin(ctx.periods)]
    # How many lines could be judged is said once, in the chart's note just above.
    return TableSection("", "", note=L("month_note"), rows=df, region_col="region_id",
                        period_col="period", period_mode="eq", limit=30,
                        columns=[Column("period", L("month_col"), "period"),
                                 Column("distributor_name", L("distributor")),
                                 Column("region_id", L("distributor_region"), "region"),
                                 Column("terminal_region_id", L("sold_into_region"), "region"),
                                 Column("product_name", L("product_col")),
                                 Column("qty", L("diverted_qty"), "int"),
                                 Column("amount", L("diverted_amount"), "money"),
                                 Column("terminals", L("terminals"), "int")])


BUILDERS = {
    "inventory.diversion": chart,
    "inventory.diversion_table": table,
}
