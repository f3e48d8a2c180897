"""Channel stuffing: P(a distributor's month of sell-in is followed within W days by returns of it, or by
unsold channel stock), per distributor x month, rolled up to rep x month.

Needs sell-out (what distributors sold on); stock counts, collections and returns add features when
delivered. Baseline: red-flag rules on the same ratios. Checked against the sample company's planted
stuffing (precision and recall among the top 5% flagged each month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from pipelines.risk.base import Context, RiskModel, money, num, pct
from pipelines.risk.baselines import Baseline, RuleBaseline
from pipelines.risk.features import Feature
from pipelines.risk.metrics import precision_recall_at
from pipelines.risk.plan import Design
from pipelines.risk.queries import run_risk_sql
from pipelines.risk.splits import month_ends
from pipelines.settings import Settings

RETURN_SHARE = 0.05  # returns of the month's sell-in worth 5% of it make the month a stuffing event
WOS_MIN, WOS_RATIO = 13.0, 3.0  # or a quarter's worth of stock, three times the distributor's usual
TOP_SHARE = 0.05
GROUND_TRUTH_FILE = "stuffed_distributor_months.csv"

F = Feature
FEATURES: tuple[Feature, ...] = (
    F("last_5_days_share", "period_end_push", "Share of the month's sell-in invoiced in its last 5 days"),
    F("last_5_days_share_vs_usual", "period_end_push", "That share minus the distributor's usual share"),
    F("sell_in_vs_usual", "sell_in_size", "Sell-in against the distributor's average month of the last 6"),
    F("sell_in_amount", "sell_in_size", "Sell-in of the month"),
    F("sell_in_vs_sell_out", "sell_through", "Units bought against units sold on to terminals, same products",
      source="sell_out"),
    F("sell_out_vs_usual", "sell_through", "Sell-out against the distributor's average month of the last 6",
      source="sell_out"),
    F("weeks_of_supply", "channel_stock", "Distributor stock at month end over weekly sell-out",
      source="inventory_snapshots"),
    F("stock_growth", "channel_stock", "Month-end stock against the previous month end",
      source="inventory_snapshots"),
    F("receivables_vs_sales_growth", "receivables", "Receivables growth over 3 months against sales growth "
      "(DSRI-style)", source="collections"),
    F("receivables_to_3m_sales", "receivables", "Receivables at month end over the last 3 months' sales",
      source="collections"),
    F("discount_depth_vs_usual", "discount", "Average discount of the month minus the distributor's usual"),
    F("last_5_discount_vs_usual", "discount", "Average discount in the last 5 days minus the usual"),
    F("terms_extension_days", "terms", "Average payment terms of the month minus the distributor's usual"),
    F("returns_share_6m", "returns_history", "Returns over sell-in in the last 6 months", source="returns"),
    F("buying_months_12", "activity", "Months with sell-in among the last 12"),
    F("invoices", "activity", "Invoices in the month"),
    F("quarter_end", "calendar", "1 in the last month of a quarter"),
)


@dataclass
class StuffingData:
    ctx: Context
    frame: pd.DataFrame  # every distributor x month with sell-in, features and label


class StuffingModel(RiskModel):
    name = "stuffing"
    title = "Channel stuffing"
    table = "risk_channel_stuffing"
    predicts = ("the month's sell-in is followed within {horizon} days by returns of at least 5% of it, or by "
                "unsold channel stock of at least 13 weeks of supply and 3x the distributor's usual")
    entity = ("distributor_id", "month_start")
    features = FEATURES
    designs = (Design(12, 3, 3, 4), Design(6, 3, 2, 3), Design(4, 2, 2, 2), Design(2, 2, 1, 2))
    steps = (0,)  # month ends
    warmup_bounds = (60, 180)  # six months of history make a distributor's "usual" when there are
    fallback = "ratio_rules"
    bands = (0.5, 0.2)
    missing_phrases = {
        "sell_through": "sold nothing on to terminals this month",
        "channel_stock": "no stock count or sell-out to measure channel stock",
        "receivables": "not enough receivables history to compare",
        "discount": "no usual discount to compare with yet",
        "terms": "no usual payment terms to compare with yet",
        "period_end_push": "no usual month-end share to compare with yet",
    }
    output_columns = {"distributor_id": "string", "month_start": "object", "distributor_name": "string",
                      "rep_id": "string", "region_id": "string", "sell_in_amount": "float64",
                      "last_5_days_share": "float64", "sell_in_vs_sell_out": "float64", "weeks_of_supply": "float64"}

    def horizon(self, settings: Settings) -> int:
        return settings.stuffing_window_days

    def skip_reason(self, ctx: Context) -> str | None:
        if not ctx.has("sell_out"):
            return ("channel-stuffing model skipped: no sell-out was delivered (data/raw/sell_out/); without "
                    "distributors' sales to terminals, sell-in cannot be compared with what the channel sold")
        if not ctx.has("returns") and not ctx.has("inventory_snapshots"):
            return ("channel-stuffing model skipped: neither returns nor distributor stock counts were "
                    "delivered, so there is no outcome (returns or unsold stock) to learn from")
        return None

    def load(self, con: duckdb.DuckDBPyConnection, ctx: Context, horizon: int) -> StuffingData:
        ends = month_ends(ctx.first_day, ctx.as_of)
        feats = run_risk_sql(con, "stuffing_features", ends)
        labels = run_risk_sql(con, "stuffing_labels", ends, window=horizon, return_share=RETURN_SHARE,
                              wos_min=WOS_MIN, wos_ratio=WOS_RATIO)
        frame = feats.merge(labels.drop(columns=["snapshot_date"]), on=["distributor_id", "month_start"], how="left")
        frame["quarter_end"] = frame.pop("quarter_end_month").astype(float)
        frame["month_start"] = pd.to_datetime(frame["month_start"]).dt.date
        frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
        return StuffingData(ctx, frame)

    def snapshot_grid(self, ctx: Context, horizon: int, step: int, warmup: int) -> list[date]:
        """Month ends (the step is ignored) whose outcome window has passed at the as-of date."""
        return month_ends(ctx.first_day + timedelta(days=warmup), ctx.as_of - timedelta(days=horizon))

    def scoring_snapshots(self, ctx: Context, horizon: int) -> list[date]:
        """Complete months whose outcome window is still open at the as-of date."""
        return [d for d in month_ends(ctx.as_of - timedelta(days=horizon), ctx.as_of)]

    def frame(self, data: StuffingData, snapshots: list[date], horizon: int) -> pd.DataFrame:
        out = data.frame[data.frame["snapshot_date"].isin(set(snapshots))].copy()
        return out.sort_values(["snapshot_date", "distributor_id"], kind="stable").reset_index(drop=True)

    def baselines(self, data: StuffingData, horizon: int) -> list[Baseline]:
        return [RuleBaseline(
            "ratio_rules",
            "Number of red flags among: >50% of sell-in in the last 5 days; bought >1.5x what was sold on; "
            ">12 weeks of channel stock; receivables growing >1.3x faster than sales; discount >3 points deeper "
            "than usual; terms >15 days longer than usual. Probability = event rate at that count in training",
            red_flags, explain=flagged_groups)]

    def describe(self, group: str, r: dict[str, object]) -> str:
        g = num
        if group == "period_end_push":
            usual = g(r, "last_5_days_share") - g(r, "last_5_days_share_vs_usual")
            text = f"{pct(g(r, 'last_5_days_share'))} of the month's sell-in invoiced in its last 5 days"
            return text + (f" (usually {pct(usual)})" if usual == usual else "")
        if group == "sell_in_size":
            return f"sell-in of {money(g(r, 'sell_in_amount'))}, {g(r, 'sell_in_vs_usual'):.1f}x its usual month"
        if group == "sell_through":
            return f"bought {g(r, 'sell_in_vs_sell_out'):.1f}x what it sold on to terminals this month"
        if group == "channel_stock":
            return f"{g(r, 'weeks_of_supply'):.0f} weeks of stock in the channel at month end"
        if group == "receivables":
            return f"receivables grew {g(r, 'receivables_vs_sales_growth'):.1f}x as fast as sales over 3 months"
        if group == "discount":
            return f"discount {100 * g(r, 'discount_depth_vs_usual'):+.1f} points against its usual"
        if group == "terms":
            return f"payment terms {g(r, 'terms_extension_days'):+.0f} days against its usual"
        if group == "returns_history":
            return f"returned {pct(g(r, 'returns_share_6m'))} of its sell-in over the last 6 months"
        if group == "activity":
            return f"{g(r, 'invoices'):.0f} invoices this month, bought in {g(r, 'buying_months_12'):.0f} of 12 months"
        if group == "calendar":
            return "quarter-end month" if g(r, "quarter_end") == 1 else "not a quarter-end month"
        return group

    def rollups(self, scored: pd.DataFrame) -> dict[str, pd.DataFrame]:
        return {"risk_stuffing_rep_month": rep_month(scored)}

    def empty_rollups(self) -> dict[str, pd.DataFrame]:
        return {"risk_stuffing_rep_month": rep_month(pd.DataFrame(columns=[
            "distributor_id", "month_start", "as_of_date", "distributor_name", "rep_id", "region_id",
            "sell_in_amount", "probability", "driver_1"]))}

    def ground_truth(self, ctx: Context, scored: pd.DataFrame) -> list[dict[str, object]]:
        """Precision and recall among the top 5% flagged each month against the planted stuffing."""
        path = ctx.raw_dir / "_ground_truth" / GROUND_TRUTH_FILE if ctx.raw_dir else None
        if path is None or not path.exists():
            return []
        gt = pd.read_csv(path)
        planted = {(c, date(int(y), int(m), 1)) for c, y, m in gt[["customer_id", "year", "month"]].itertuples(
            index=False, name=None)}
        scored = scored.assign(planted=[(d, m) in planted for d, m in zip(
            scored["distributor_id"], scored["month_start"], strict=True)])
        rows = []
        scorers = [c for c in ("model", "ratio_rules") if c in scored.columns]
        per_month = []
        for snap, grp in scored.groupby("snapshot_date", sort=True):
            for s in scorers:
                prec, rec, k = precision_recall_at(grp["planted"].to_numpy(), grp[s].to_numpy(), TOP_SHARE)
                hits = round(prec * k) if k else 0
                per_month.append({"scorer": s, "month": snap, "quarter_end": snap.month % 3 == 0, "flagged": k,
                                  "hits": hits, "planted": int(grp["planted"].sum())})
                rows.append(_gt_row(f"{snap:%Y-%m}", s, k, hits, int(grp["planted"].sum())))
        pm = pd.DataFrame(per_month)
        scopes = (("quarter-end months pooled", pm["quarter_end"]), ("all months pooled", pm["month"].notna()))
        for scope, mask in scopes:
            for s in scorers:
                sub = pm[mask & (pm["scorer"] == s)]
                rows.append(_gt_row(scope, s, int(sub["flagged"].sum()), int(sub["hits"].sum()),
                                    int(sub["planted"].sum())))
        return rows


def _gt_row(scope: str, scorer: str, flagged: int, hits: int, planted: int) -> dict[str, object]:
    return {"scope": scope, "scorer": scorer, "flagged": flagged, "hits": hits, "planted": planted,
            "precision": round(hits / flagged, 4) if flagged else None,
            "recall": round(hits / planted, 4) if planted else None}


# Each red flag: the ratio, its rule-of-thumb threshold, and the driver group that explains it.
RED_FLAGS = (("last_5_days_share", 0.5, "period_end_push"), ("sell_in_vs_sell_out", 1.5, "sell_through"),
             ("weeks_of_supply", 12, "channel_stock"), ("receivables_vs_sales_growth", 1.3, "receivables"),
             ("discount_depth_vs_usual", 0.03, "discount"), ("terms_extension_days", 15, "terms"))


def _flags(df: pd.DataFrame) -> np.ndarray:
    """rows x flags: which classic stuffing ratios are past their threshold."""
    def col(name: str) -> np.ndarray:
        return df[name].to_numpy(dtype=float) if name in df.columns else np.full(len(df), np.nan)

    return np.column_stack([col(name) > limit for name, limit, _group in RED_FLAGS]) if len(df) else \
        np.zeros((0, len(RED_FLAGS)), dtype=bool)


def red_flags(df: pd.DataFrame) -> np.ndarray:
    """How many of the classic stuffing ratios are past their rule-of-thumb threshold."""
    return _flags(df).sum(axis=1).astype(float)


def flagged_groups(df: pd.DataFrame) -> list[list[str]]:
    """The driver groups of the red flags each row raises."""
    return [[RED_FLAGS[j][2] for j in np.flatnonzero(row)] for row in _flags(df)]


def rep_month(scored: pd.DataFrame) -> pd.DataFrame:
    """Distributor-months rolled up to the owning rep: expected events, chance of any, sell-in at risk."""
    cols = ["rep_id", "month_start", "as_of_date", "distributors", "sell_in_amount", "expected_events",
            "probability_any", "max_probability", "sell_in_at_risk", "risk_band", "driver_1", "driver_2",
            "driver_3"]
    if scored.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("sell_in_amount", "expected_events",
                             "probability_any", "max_probability", "sell_in_at_risk", "distributors")
                             else "object") for c in cols})
    df = scored.assign(rep_id=scored["rep_id"].fillna("(no rep)").astype(str))
    df["at_risk"] = df["probability"] * df["sell_in_amount"]
    df["log_keep"] = np.log1p(-df["probability"].clip(upper=0.999999))
    name = df["distributor_name"].fillna(df["distributor_id"]).astype(str)
    df["line"] = (name + " (" + (100 * df["probability"]).round().astype(int).astype(str) + "%): "
                  + df["driver_1"].fillna("no single driver").astype(str))
    keys = ["rep_id", "month_start"]
    g = df.groupby(keys, sort=True)
    out = g.agg(as_of_date=("as_of_date", "first"), distributors=("distributor_id", "size"),
                sell_in_amount=("sell_in_amount", "sum"), expected_events=("probability", "sum"),
                log_keep=("log_keep", "sum"), max_probability=("probability", "max"),
                sell_in_at_risk=("at_risk", "sum")).reset_index()
    out["probability_any"] = (1 - np.exp(out.pop("log_keep"))).round(4)
    out["expected_events"] = out["expected_events"].round(4)
    out["sell_in_amount"] = out["sell_in_amount"].round(2)
    out["sell_in_at_risk"] = out["sell_in_at_risk"].round(2)
    out["risk_band"] = np.where(out["max_probability"] >= 0.5, "high",
                                np.where(out["max_probability"] >= 0.2, "medium", "low"))
    top = (df.sort_values(["probability"], ascending=False, kind="stable").groupby(keys, sort=False).head(3)
           .assign(rank=lambda d: d.groupby(keys).cumcount() + 1))
    lines = top.pivot_table(index=keys, columns="rank", values="line", aggfunc="first")
    for i in (1, 2, 3):
        col = lines[i] if i in lines.columns else pd.Series(dtype="object")
        out[f"driver_{i}"] = out.set_index(keys).index.map(col.to_dict()).to_numpy()
    rows = out[cols]
    return rows.sort_values(["month_start", "sell_in_at_risk"], ascending=[True, False],
                            kind="stable").reset_index(drop=True)
