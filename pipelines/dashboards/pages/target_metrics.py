"""Target sections on the metrics marts: attainment, run rate, gap list, scorecards, commissions (提成)."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.exports import delivered
from pipelines.dashboards.pages.common import (
    add_region_names,
    region_variants,
    rep_note,
    snapshot_note,
    with_period,
)
from pipelines.dashboards.pages.targets_data import monthly_targets, sales_target_records
from pipelines.dashboards.registry import TARGETS_MONTH
from pipelines.dashboards.sections import (
    ALL_REGIONS,
    Column,
    FigureSection,
    NoDataSection,
    Section,
    SumRule,
    TableSection,
    variant_key,
)
from pipelines.dashboards.theme import BAD, GOOD, TARGET, WARN
from pipelines.metrics.targets import due_share

TARGET_METRIC = "sales"  # the attainment and run-rate charts follow the sales target


def _since(ctx: PageContext) -> str:
    return ctx.periods[0] + "-01" if ctx.periods else "1900-01-01"


def _targets(ctx: PageContext) -> pd.DataFrame:
    df = ctx.query("targets_rep_month")
    return add_region_names(ctx, with_period(df[df["metric"] == TARGET_METRIC]))


def attainment_section(ctx: PageContext) -> Section:
    """Sales against the sales target due over the months chosen (the page adds up one figure per month). All
    regions: each region's sales (every rep) against its target, the figures of the overview's cards; one region:
    its reps with a target and, as its own bar, the region's sales no rep target covers, so the bars add up to
    the region's figure."""
    L = ctx.labels
    records = sales_target_records(ctx)
    records = records[records["metric"] == "sales_amount"]
    reps = _targets(ctx)
    if ctx.as_of is not None and not reps.empty:  # the as-of month counts with the share due, as on the cards
        reps = reps.assign(target_value=reps["target_value"] * due_share(reps["month_start"], ctx.as_of).to_numpy())
    names = ctx.region_names()

    def bars_for_all(part: pd.DataFrame) -> pd.DataFrame:
        rows = part[part["region"] != ALL_REGIONS]
        return pd.DataFrame({"name": rows["region"].map(lambda r: names.get(r, r)), "actual": rows["month"],
                             "target": rows["target_month"]})

    def bars_for_region(region: str, period: str, total: float) -> pd.DataFrame:
        part = reps[(reps["region_id"] == region) & (reps["period"] == period)]
        carried = part[part["rep_id"].notna()]
        frame = carried.groupby("rep_name", as_index=False)[["actual_value", "target_value"]].sum(min_count=1)
        frame = frame.rename(columns={"rep_name": "name", "actual_value": "actual", "target_value": "target"})
        rest = total - float(carried["actual_value"].sum())
        unassigned = part.loc[part["rep_id"].isna(), "target_value"].sum(min_count=1)
        if abs(rest) >= 0.5 or pd.notna(unassigned):
            frame = pd.concat([frame, pd.DataFrame([{"name": L("sales_without_rep_target"), "actual": rest,
                                                      "target": unassigned}])], ignore_index=True)
        return frame

    variants, any_target = {}, False
    for (region, period), part in records.groupby(["region", "period"], sort=False):
        total = float(part["month"].iloc[0]) if part["month"].notna().any() else 0.0
        if region == ALL_REGIONS:
            frame = bars_for_all(records[records["period"] == period])
        else:
            frame = bars_for_region(region, period, total)
        # A month without any target still counts its sales into a quarter or year that has one.
        if frame.empty or (frame["target"].fillna(0).sum() <= 0 and not frame["actual"].fillna(0).any()):
            continue
        variants[variant_key(region, period)] = figures.attainment_chart(frame, lang=L.lang)
        any_target = any_target or frame["target"].fillna(0).sum() > 0
    if not any_target:
        # Targets are set by region and rep; sales whose customers have no region (no customers export) meet none.
        return NoDataSection("", "", missing=[TARGETS_MONTH],
                             exports=[s for s in ("customers",) if not delivered(ctx, s)])
    headline = {"template": L("attainment_headline"), "extra": " · " + L("sales_without_target")}
    rule = SumRule("x", None, ratio={"good": 1.0, "warn": 0.8, "colours": [GOOD, WARN, BAD, TARGET],
                                     "none": L("no_target")}, headline=headline, row_px=24)
    return FigureSection("", "", note=rep_note(ctx, f"{L('selection_note')} {L('attainment_note')}"),
                         variants=variants,
                         by_region="variants", by_period="sum", sum_rule=rule)


def run_rate_section(ctx: PageContext) -> Section:
    """Cumulative sales against the cumulative target through the as-of year, with the run-rate projection;
    the same region sales and targets as the attainment chart and the overview's cards."""
    if ctx.as_of is None:
        return NoDataSection("", "", missing=["build_params"])
    as_of = pd.Timestamp(ctx.as_of)
    # Run rate as in mart_target_attainment: actual to date / share of the year elapsed.
    elapsed = as_of.day_of_year / (366 if as_of.is_leap_year else 365)
    targets = monthly_targets(ctx)
    targets = targets[targets["metric"] == "sales_amount"].rename(columns={"target": "target_value"})
    sales = ctx.query("sales_region_month")[["region_id", "month_start", "sales_amount"]]
    df = targets.merge(sales, on=["region_id", "month_start"], how="outer")
    df = df[pd.to_datetime(df["month_start"]).dt.year == as_of.year]

    def make(part: pd.DataFrame):
        monthly = part.groupby("month_start", as_index=False)[["target_value", "sales_amount"]].sum(min_count=1)
        monthly["month_start"] = pd.to_datetime(monthly["month_start"])
        monthly = monthly.sort_values("month_start")
        months = monthly["month_start"].dt.month
        monthly["target_cum"] = monthly["target_value"].fillna(0).cumsum()
        monthly["actual_cum"] = monthly["sales_amount"].fillna(0).cumsum().where(months <= as_of.month)
        done = monthly.loc[months == as_of.month, "actual_cum"].sum()
        if as_of.month < 12 and done > 0:
            end = done / elapsed
            step = (months - as_of.month) / (12 - as_of.month)
            monthly["projected_cum"] = (done + (end - done) * step).where(months >= as_of.month)
        return figures.run_rate_chart(monthly, lang=ctx.lang)

    return FigureSection("", "", note=f"{snapshot_note(ctx)} {ctx.labels('run_rate_note')}",
                         variants=region_variants(ctx, df, make), by_region="variants")


def gap_list_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, ctx.query("target_gap_list"))
    df = df.assign(metric=df["metric"].map(lambda m: L.value("metric", m)),
                   status=df["status"].map(lambda s: L.value("status", s)))
    return TableSection("", "", note=rep_note(ctx, snapshot_note(ctx)), rows=df, region_col="region_id", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("metric", L("metric")),
                                 Column("target_to_date", L("target_to_date"), "money"),
                                 Column("actual_to_date", L("actual_to_date"), "money"),
                                 Column("attainment_to_date", L("attainment"), "pct"),
                                 Column("gap_to_date", L("gap"), "money"),
                                 Column("needed_per_remaining_month", L("needed_per_month"), "money"),
                                 Column("status", L("status"))])


def scorecards_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, with_period(ctx.query("rep_scorecard", {"since": _since(ctx)})))
    flags = [" · ".join(t for t, on in ((L("unmanaged"), u), (L("opens_not_maintains"), o)) if on)
             for u, o in zip(df["is_unmanaged"], df["opens_but_not_maintains"], strict=True)]
    df = df.assign(flags=flags)
    return TableSection("", "", note=rep_note(ctx, L("month_note")), rows=df, region_col="region_id",
                        period_col="period",
                        period_mode="eq", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("score", L("score"), "num1"),
                                 Column("rank_in_region", L("rank_in_region"), "int"),
                                 Column("sales_attainment", L("attainment"), "pct"),
                                 Column("collection_rate", L("collection_rate"), "pct"),
                                 Column("checkin_compliance", L("checkin_rate"), "pct"),
                                 Column("report_on_time_share", L("report_on_time_rate"), "pct"),
                                 Column("work_saturation", L("saturation"), "pct"),
                                 Column("new_customers", L("new_customers"), "int"),
                                 Column("flags", L("flags"))])


def commissions_section(ctx: PageContext) -> Section:
    L = ctx.labels
    df = add_region_names(ctx, ctx.query("commissions", {"since": _since(ctx)}))
    # A quarter's or year's commission shows in each of its months, so the month filter always finds it.
    months = {"month": 1, "quarter": 3, "year": 12}
    rows = []
    for n, part in df.groupby(df["period_type"].map(months).fillna(1).astype(int)):
        start = pd.to_datetime(part["period_start"]).dt.to_period("M")
        for i in range(n):
            rows.append(part.assign(period=(start + i).astype(str)))
    df = pd.concat(rows, ignore_index=True) if rows else df.assign(period=pd.Series(dtype="str"))
    df = df[df["period"].isin(ctx.periods)].sort_values("commission", ascending=False)
    df = df.assign(period_type=df["period_type"].map(lambda p: L.value("period_type", p)))
    return TableSection("", "", note=rep_note(ctx, L("month_note")), rows=df, region_col="region_id",
                        period_col="period",
                        period_mode="eq", limit=30,
                        columns=[Column("rep_name", L("rep")), Column("region_id", L("region"), "region"),
                                 Column("period_type", L("commission_period")),
                                 Column("collected_amount", L("collections"), "money"),
                                 Column("commission", L("commission"), "money"),
                                 Column("effective_rate", L("effective_rate"), "pct"),
                                 Column("marginal_rate", L("marginal_rate"), "pct")])
