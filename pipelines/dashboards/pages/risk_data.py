"""Reading the risk tables (risk issue): churn scores, stock-out list, stuffing suspects."""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names, snapshot_note, with_period
from pipelines.dashboards.sections import Column, Section, TableSection

# Rows kept per region (the riskiest) for the lists; the page shows the top rows of the selection.
ROWS_PER_REGION = 40
NO_REGION = "—"  # company warehouses belong to no region


def drivers_text(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """driver_1..3 joined into one readable cell (driver_1_zh..3_zh in the zh edition, where the table has them)."""
    suffix = "_zh" if lang == "zh" and "driver_1_zh" in df.columns else ""
    cols = [c + suffix for c in ("driver_1", "driver_2", "driver_3") if c + suffix in df.columns]
    return [" · ".join(str(d) for d in ds if isinstance(d, str) and d)
            for ds in zip(*(df[c] for c in cols), strict=True)] if cols else [""] * len(df)


def _riskiest(df: pd.DataFrame) -> pd.DataFrame:
    """The high and medium rows; when every row is low, the low ones (riskiest first), so a list of scored rows
    never reads as "no data"."""
    flagged = df[df["risk_band"].isin(["high", "medium"])]
    df = flagged if not flagged.empty else df
    return df.groupby(df["region_id"].fillna(NO_REGION), sort=False).head(ROWS_PER_REGION)


def _note(ctx: PageContext, scored: pd.DataFrame) -> str:
    note = snapshot_note(ctx)
    if not scored.empty and not scored["risk_band"].isin(["high", "medium"]).any():
        note += " " + ctx.labels("all_low_note", n=f"{len(scored):,}")
    return note


def churn_scores(ctx: PageContext) -> pd.DataFrame:
    return add_region_names(ctx, ctx.query("churn_scores"))


def stockout_section(ctx: PageContext) -> Section:
    L = ctx.labels
    scored = ctx.query("stockout_scores")
    df = _riskiest(scored)
    df = df.assign(drivers=drivers_text(df, L.lang),
                   location=[f"{n} ({L.value('location_type', t)})"
                             for n, t in zip(df["location_name"], df["location_type"], strict=True)])
    return TableSection("", "", note=_note(ctx, scored), rows=df, region_col="region_id",
                        columns=[Column("product_name", L("product_col")), Column("location", L("location")),
                                 Column("risk_band", L("risk_band"), "band"),
                                 Column("probability", L("stockout_probability"), "pct"),
                                 Column("on_hand_estimate", L("on_hand_qty"), "int"),
                                 Column("days_of_cover", L("days_of_cover"), "num1"),
                                 Column("lead_time_days", L("lead_time_days"), "int"),
                                 Column("reorder_point", L("reorder_point"), "int"),
                                 Column("recommended_reorder_qty", L("recommended_reorder"), "int"),
                                 Column("drivers", L("drivers"))])


def stuffing_section(ctx: PageContext) -> Section:
    L = ctx.labels
    scored = ctx.query("stuffing_scores")
    df = with_period(_riskiest(scored))
    df = df.assign(drivers=drivers_text(df, L.lang))
    return TableSection("", "", note=_note(ctx, scored), rows=df, region_col="region_id",
                        columns=[Column("distributor_name", L("distributor")), Column("region_id", L("region"),
                                                                                       "region"),
                                 Column("rep_name", L("rep")), Column("period", L("month_col"), "period"),
                                 Column("risk_band", L("risk_band"), "band"),
                                 Column("probability", L("stuffing_probability"), "pct"),
                                 Column("sell_in_amount", L("sell_in_amount"), "money"),
                                 Column("last_5_days_share", L("last_5_days_share"), "pct"),
                                 Column("sell_in_vs_sell_out", L("sell_in_vs_sell_out"), "num2"),
                                 Column("weeks_of_supply", L("weeks_of_supply"), "num1"),
                                 Column("drivers", L("drivers"))])
