"""Top alerts for the overview: the worst few from each alert source that exists in the warehouse."""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards import registry
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import add_region_names, snapshot_note

ALERT_COLUMNS = ["alert", "subject", "region_id", "value", "detail"]
PER_SOURCE = 5


def collect(ctx: PageContext) -> pd.DataFrame:
    """Up to PER_SOURCE alerts per source, per region (so the region filter still shows a region's worst)."""
    parts = [fn(ctx).assign(_source=i) for i, (table, fn) in enumerate(SOURCES) if ctx.available(table)]
    parts = [p.assign(_rank=range(len(p))) for p in parts if p is not None and not p.empty]
    if not parts:
        return add_region_names(ctx, pd.DataFrame({c: pd.Series(dtype="object") for c in ALERT_COLUMNS}))
    # Round robin: the worst of every source first, then the second worst of each, ...
    df = pd.concat(parts, ignore_index=True).sort_values(["_rank", "_source"]).drop(columns=["_rank", "_source"])
    return add_region_names(ctx, df.reset_index(drop=True))


def note(ctx: PageContext) -> str:
    return snapshot_note(ctx)


def _top(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """The worst PER_SOURCE rows for each region."""
    return df.sort_values(by, ascending=False).groupby("region_id", sort=False).head(PER_SOURCE)


def _overdue(ctx: PageContext) -> pd.DataFrame:
    df = ctx.query("overdue_watchlist", {"per_rep": PER_SOURCE})
    L = ctx.labels
    df = _top(df, "overdue_amount")
    return pd.DataFrame({
        "alert": L("alert_overdue"), "subject": df["customer_name"], "region_id": df["region_id"],
        "value": df["overdue_amount"],
        "detail": [L("alert_overdue_detail", days=int(d), rep=ctx.name(r))
                   for d, r in zip(df["max_days_overdue"].fillna(0), df["rep_name"], strict=True)],
    })


def _overruns(ctx: PageContext) -> pd.DataFrame:
    df = ctx.query("budget_variance_month")
    if ctx.as_of is None:
        return df.iloc[0:0]
    month = pd.Timestamp(ctx.as_of).to_period("M").start_time
    df = df[df["is_overrun"].fillna(False).astype(bool) & (pd.to_datetime(df["month_start"]) == month)]
    df = _top(df, "variance")
    L = ctx.labels
    return pd.DataFrame({
        "alert": L("alert_overrun"), "subject": [L.value("category", c) for c in df["category"]],
        "region_id": df["region_id"], "value": df["variance"],
        "detail": [L("alert_overrun_detail", pct=f"{p:.0%}" if pd.notna(p) else "–", month=L.month(str(month)[:7]))
                   for p in df["variance_pct"]],
    })


def _high(df: pd.DataFrame) -> pd.DataFrame:
    return _top(df[df["risk_band"] == "high"], "probability")


def _first_driver(ctx: PageContext, df: pd.DataFrame) -> pd.Series:
    """The top driver in the page's language (driver_1_zh in the Chinese edition, where the table has it)."""
    col = "driver_1_zh" if ctx.labels.lang == "zh" and "driver_1_zh" in df.columns else "driver_1"
    return df[col]


def _churn(ctx: PageContext) -> pd.DataFrame:
    # The high-risk customers with the most sales at stake (probability x last year's sales): a customer who
    # bought nothing for a year is already lost, not the first one a manager should call.
    df = ctx.query("churn_scores")
    df = df[df["risk_band"] == "high"]
    df = _top(df.assign(at_stake=df["probability"] * df["sales_last_365_days"].fillna(0)), "at_stake")
    L = ctx.labels
    return pd.DataFrame({
        "alert": L("alert_churn"), "subject": df["customer_name"], "region_id": df["region_id"],
        "value": df["sales_last_365_days"],
        "detail": [L("alert_risk_detail", pct=f"{p:.0%}", why=d if isinstance(d, str) else "–")
                   for p, d in zip(df["probability"], _first_driver(ctx, df), strict=True)],
    })


def _stuffing(ctx: PageContext) -> pd.DataFrame:
    df = _high(ctx.query("stuffing_scores"))
    L = ctx.labels
    return pd.DataFrame({
        "alert": L("alert_stuffing"), "subject": df["distributor_name"], "region_id": df["region_id"],
        "value": df["sell_in_amount"],
        "detail": [L("alert_risk_detail", pct=f"{p:.0%}", why=d if isinstance(d, str) else "–")
                   for p, d in zip(df["probability"], _first_driver(ctx, df), strict=True)],
    })


def _stockout(ctx: PageContext) -> pd.DataFrame:
    df = ctx.query("stockout_scores")
    df = _high(df.assign(region_id=df["region_id"].fillna("")))
    L = ctx.labels
    return pd.DataFrame({
        "alert": L("alert_stockout"), "subject": [f"{ctx.name(p)} @ {ctx.name(n)}"
                                               for p, n in zip(df["product_name"], df["location_name"], strict=True)],
        "region_id": df["region_id"].replace("", None), "value": None,
        "detail": [L("alert_stockout_detail", pct=f"{p:.0%}", qty=f"{q:,.0f}" if pd.notna(q) else "–")
                   for p, q in zip(df["probability"], df["recommended_reorder_qty"], strict=True)],
    })


# (table, function) pairs: each function returns rows with ALERT_COLUMNS.
SOURCES = [
    (registry.OVERDUE, _overdue),
    (registry.BUDGET, _overruns),
    (registry.CHURN, _churn),
    (registry.STUFFING, _stuffing),
    (registry.STOCKOUT, _stockout),
]
