"""Month and year-to-date KPI records with last year and target, per region and for all regions.

Pure pandas, so the overview cards, notebooks and tests compute them the same way.
"""

from __future__ import annotations

import pandas as pd

from pipelines.dashboards.sections import ALL_REGIONS

RECORD_COLUMNS = ["region", "period", "metric", "month", "ytd", "ly_month", "ly_ytd", "target_month", "target_ytd",
                  "pm_month"]


def kpi_records(monthly: pd.DataFrame, metrics: list[str], periods: list[str],
                targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (region or ALL_REGIONS, period, metric) with month, YTD, last year's (同比), the previous
    month's (环比, pm_month) and target values.

    monthly: region_id, month_start and one column per metric (NaN = metric unknown for that month).
    targets: optional region_id, month_start, metric, target (monthly targets).
    A month with no rows counts as zero for YTD sums; a metric missing altogether stays NaN.
    """
    if monthly.empty or not periods:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    long = monthly.melt(id_vars=["region_id", "month_start"], value_vars=metrics, var_name="metric",
                        value_name="value")
    long["month_start"] = pd.to_datetime(long["month_start"]).dt.to_period("M")
    long = pd.concat([long, long.assign(region_id=ALL_REGIONS)], ignore_index=True)
    values = _ytd(long.groupby(["region_id", "metric", "month_start"], as_index=False)["value"]
                  .sum(min_count=1), "value")
    out = values.rename(columns={"value": "month", "value_ytd": "ytd"})
    ly = values.assign(month_start=values["month_start"] + 12).rename(
        columns={"value": "ly_month", "value_ytd": "ly_ytd"})
    out = out.merge(ly, on=["region_id", "metric", "month_start"], how="left")
    pm = values[["region_id", "metric", "month_start", "value"]].assign(
        month_start=values["month_start"] + 1).rename(columns={"value": "pm_month"})
    out = out.merge(pm, on=["region_id", "metric", "month_start"], how="left")
    if targets is not None and not targets.empty:
        t = targets.assign(month_start=pd.to_datetime(targets["month_start"]).dt.to_period("M"))
        t = pd.concat([t, t.assign(region_id=ALL_REGIONS)], ignore_index=True)
        t = _ytd(t.groupby(["region_id", "metric", "month_start"], as_index=False)["target"].sum(min_count=1),
                 "target").rename(columns={"target": "target_month", "target_ytd": "target_ytd"})
        out = out.merge(t, on=["region_id", "metric", "month_start"], how="left")
    else:
        out["target_month"] = float("nan")
        out["target_ytd"] = float("nan")
    out["period"] = out["month_start"].astype(str)
    out = out[out["period"].isin(periods)].rename(columns={"region_id": "region"})
    order = {m: i for i, m in enumerate(metrics)}
    out = out.assign(_o=out["metric"].map(order)).sort_values(["region", "period", "_o"])
    return out[RECORD_COLUMNS].reset_index(drop=True)


def _ytd(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """Fill missing months with 0 (only for metrics that have some value) and add <col>_ytd."""
    if frame.empty:
        return frame.assign(**{f"{col}_ytd": pd.Series(dtype="float64")})
    start, end = frame["month_start"].min(), frame["month_start"].max()
    months = pd.period_range(start, end, freq="M")
    parts = []
    for (region, metric), part in frame.groupby(["region_id", "metric"], sort=False):
        known = part[col].notna().any()
        s = part.set_index("month_start")[col].reindex(months)
        if known:
            s = s.fillna(0.0)
        df = pd.DataFrame({"region_id": region, "metric": metric, "month_start": months, col: s.to_numpy()})
        year = df["month_start"].map(lambda p: p.year)
        df[f"{col}_ytd"] = df.groupby(year)[col].cumsum() if known else float("nan")
        parts.append(df)
    return pd.concat(parts, ignore_index=True)
