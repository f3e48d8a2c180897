"""Stock-out: P(a stock count in the next N days shows nothing on hand), per product x location.

Locations are company warehouses (weekly counts) and distributors (month-end counts). Needs
inventory snapshots; a distributor's demand is its sell-out (the model skips distributors'
demand-based features when sell-out was not delivered and falls back to its sell-in).
Baseline: the reorder-point rule. Also outputs days of cover and a recommended reorder quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow.compute as pc

from pipelines.risk import words_zh
from pipelines.risk.asof import EventStream, Keys, Windows, day_numbers
from pipelines.risk.base import Context, RiskModel, dates_of, num, snapshot_days
from pipelines.risk.baselines import Baseline, RuleBaseline
from pipelines.risk.features import Feature
from pipelines.risk.plan import Design
from pipelines.risk.queries import run_risk_arrow, run_risk_sql
from pipelines.settings import Settings

STALE_COUNT_DAYS = 62  # pairs not counted for two months are not scored
SERVICE_Z = 1.65  # ~95% cycle service level for the reorder point and the order-up-to level
DEFAULT_LEAD_DAYS = 14
SEP = "\x1f"
# Distributors report sell-out weekly and a report line can cover days after its date, so a line
# counts as known only a week after its date; the unreported days are estimated at the recent rate.
SELL_OUT_LAG_DAYS = 7

F = Feature
FEATURES: tuple[Feature, ...] = (
    F("on_hand", "cover", "Estimated units on hand: last count, plus goods received, minus demand since"),
    F("days_of_cover", "cover", "Estimated on hand over daily demand (the higher of the 4-week and 13-week rates)"),
    F("cover_to_lead_time", "cover", "Days of cover over the supplier lead time"),
    F("rop_gap_days", "cover", "Estimated on hand minus the reorder point, in days of demand"),
    F("days_since_count", "cover", "Days since the last stock count"),
    F("demand_28", "demand", "Average daily demand over the last 4 weeks"),
    F("demand_91", "demand", "Average daily demand over the last 13 weeks"),
    F("demand_trend", "demand_trend", "Demand of the last 4 weeks against the last 13"),
    F("demand_cv", "variability", "Spread of weekly demand over its mean, last 13 weeks"),
    F("season_ratio", "season", "Last year's demand in the coming horizon against the quarter before it"),
    F("zero_count_share_91", "history", "Share of the counts of the last 13 weeks that found nothing on hand"),
    F("zero_counts_365", "history", "Counts that found nothing on hand in the last year"),
    F("stock_change_28", "replenishment", "Last count against the count four weeks before"),
    F("days_since_receipt", "replenishment", "Days since goods were last received"),
    F("usual_receipt_interval", "replenishment", "Usual days between receipts over the last year"),
    F("lead_time_days", "lead_time", "Supplier lead time in days"),
    F("location_type", "location", "Company warehouse or distributor",
      categories=("company_warehouse", "distributor")),
)


@dataclass
class StockData:
    ctx: Context
    pair_keys: Keys
    pairs: pd.DataFrame  # indexed by pair code: location_id, location_type, product_id, product code
    counts: EventStream
    receipts: EventStream  # count rows where stock rose: goods received by a warehouse
    flows: EventStream  # distributor demand (sell-out), inflow (sell-in), returned
    inflow_days: EventStream
    shipments: EventStream  # company shipments per product code
    products: pd.DataFrame  # indexed by product code


class StockoutModel(RiskModel):
    name = "stockout"
    title = "Stock-out"
    table = "risk_stockout"
    predicts = "a stock count in the next {horizon} days finds nothing on hand"
    entity = ("location_id", "product_id")
    features = FEATURES
    designs = (Design(6, 3, 2, 6), Design(4, 2, 2, 3), Design(2, 2, 1, 2))
    steps = (14, 7)
    warmup_bounds = (28, 120)
    fallback = "reorder_point_rule"
    bands = (0.5, 0.2)
    missing_phrases = {"season": "no sales a year ago to compare the season with",
                       "variability": "too little demand history to judge its swings"}
    output_columns = {"location_id": "string", "product_id": "string", "location_type": "string",
                      "product_name": "string", "last_count_date": "object", "on_hand_estimate": "float64",
                      "days_of_cover": "float64", "daily_demand": "float64", "lead_time_days": "float64",
                      "reorder_point": "float64", "recommended_reorder_qty": "float64"}

    def horizon(self, settings: Settings) -> int:
        return settings.stockout_horizon_days

    def skip_reason(self, ctx: Context) -> str | None:
        if not ctx.has("inventory_snapshots"):
            return ("stock-out model skipped: no inventory snapshots were delivered (data/raw/inventory_snapshots/); "
                    "deliver stock counts per location and product to get stock-out risk")
        return None

    def load(self, con: duckdb.DuckDBPyConnection, ctx: Context, horizon: int) -> StockData:
        counts = run_risk_arrow(con, "stock_counts")
        flows = run_risk_arrow(con, "distributor_stock_flows")
        ships = run_risk_arrow(con, "product_shipments")
        products = run_risk_sql(con, "product_profile")
        pair_id = pc.binary_join_element_wise(counts["location_id"], counts["product_id"], SEP)
        pair_keys = Keys(pair_id)
        c_codes, c_days = pair_keys.codes(pair_id), day_numbers(counts["day"])
        order = np.lexsort((c_days, c_codes))
        c_codes, c_days = c_codes[order], c_days[order]
        qty = counts["qty"].to_numpy()[order]
        # what changed since the pair's previous count: a fall is stock drawn down, a rise a receipt
        same = np.r_[False, c_codes[1:] == c_codes[:-1]]
        change = np.where(same, np.diff(qty, prepend=0.0), 0.0)
        received = change > 0
        first = np.r_[True, ~same[1:]]
        pairs = pd.DataFrame({
            "location_id": counts["location_id"].to_numpy(zero_copy_only=False)[order][first],
            "location_type": counts["location_type"].to_numpy(zero_copy_only=False)[order][first],
            "product_id": counts["product_id"].to_numpy(zero_copy_only=False)[order][first],
        }, index=c_codes[first])
        product_keys = Keys(products["product_id"], counts["product_id"], ships["product_id"])
        pairs["product_code"] = product_keys.codes(pairs["product_id"])
        products.index = product_keys.codes(products["product_id"])
        f_codes = pair_keys.codes(pc.binary_join_element_wise(flows["location_id"], flows["product_id"], SEP))
        f_days = day_numbers(flows["day"])
        inflow = flows["inflow"].to_numpy() > 0
        return StockData(
            ctx=ctx, pair_keys=pair_keys, pairs=pairs, products=products,
            counts=EventStream(c_codes, c_days, {
                "qty": qty, "zero": (qty <= 0).astype(float), "drawdown": np.maximum(-change, 0.0)}),
            receipts=EventStream(c_codes[received], c_days[received]),
            flows=EventStream(f_codes, f_days, {c: flows[c].to_numpy() for c in ("demand", "inflow", "returned")}),
            inflow_days=EventStream(f_codes[inflow], f_days[inflow]),
            shipments=EventStream.from_table(ships, product_keys.codes(ships["product_id"]), values=("qty",)),
        )

    def frame(self, data: StockData, snapshots: list[date], horizon: int) -> pd.DataFrame:
        t_all = snapshot_days(snapshots)
        codes = data.pairs.index.to_numpy()
        # pair-major order: the binary searches below then walk their arrays in order
        k = np.repeat(codes, len(t_all))
        t = np.tile(t_all, len(codes))
        count_day = data.counts.last_day(k, t)
        keep = ~np.isnan(count_day) & (t - count_day <= STALE_COUNT_DAYS)
        k, t, count_day = k[keep], t[keep], count_day[keep]
        is_dc = (data.pairs["location_type"] == "distributor").reindex(k).to_numpy(dtype=bool)
        product = data.pairs["product_code"].reindex(k).to_numpy()
        counts, flows = data.counts, data.flows

        # A warehouse serves its share of the company's shipments: its share of all warehouses'
        # drawdowns of the product over the past year (even split when nothing was drawn down).
        drawn = counts.total("drawdown", k, t - 365, t)
        grp = pd.DataFrame({"p": product, "t": t, "d": np.where(is_dc, 0.0, drawn), "w": (~is_dc).astype(float)})
        tot = grp.groupby(["p", "t"])[["d", "w"]].transform("sum")
        share = np.where(is_dc, 1.0, np.where(tot["d"] > 0, grp["d"] / tot["d"].where(tot["d"] > 0, 1.0),
                                              1.0 / tot["w"].clip(lower=1)))

        # Outcome: any count in (t, t + horizon] at zero. Rows whose window has passed without a count
        # can never be labelled, so they are dropped from history (never from scoring). This comes after
        # every feature that looks across rows, so it cannot leak the future into one.
        as_of = snapshot_days([data.ctx.as_of])[0]
        known = t + horizon <= as_of
        observed = data.counts.count(k, t, t + horizon) > 0
        keep = ~known | observed
        k, t, count_day, known, observed = k[keep], t[keep], count_day[keep], known[keep], observed[keep]
        is_dc, product, share = is_dc[keep], product[keep], share[keep]

        lag = np.where(is_dc, SELL_OUT_LAG_DAYS, 0)

        def demand(*windows: tuple[int, int]) -> list[np.ndarray]:
            """Demand in each window (t - a, t - b], shifted back by the reporting lag for distributors; each
            stream is read only for the rows it serves, and searched once per window edge."""
            dc, wh = np.flatnonzero(is_dc), np.flatnonzero(~is_dc)
            sold_on = Windows(flows, k[dc], t[dc] - lag[dc])
            shipped = Windows(data.shipments, product[wh], t[wh])
            out = []
            for a, b in windows:
                both = np.empty(len(k))
                both[dc], both[wh] = sold_on.total("demand", a, b), share[wh] * shipped.total("qty", a, b)
                out.append(both)
            return out

        # Nothing to sell, nothing to run out of: only pairs with demand in the last 13 weeks.
        d91 = demand((91, 0))[0] / 91.0
        sel = d91 > 0
        k, t, count_day, known, observed = k[sel], t[sel], count_day[sel], known[sel], observed[sel]
        is_dc, product, share, lag, d91 = is_dc[sel], product[sel], share[sel], lag[sel], d91[sel]
        # the last 4 weeks, the 13 weeks before the snapshot one by one, and the same season last year
        d28, *weeks, last_year, before = demand((28, 0), *((7 * (j + 1), 7 * j) for j in range(13)),
                                                (365, 365 - horizon), (456, 365))
        d28, last_year, before = d28 / 28.0, last_year / horizon, before / 91.0
        week_sum, week_sq = np.zeros(len(k)), np.zeros(len(k))
        for w in weeks:
            week_sum += w
            week_sq += w * w
        sd_week = np.sqrt(np.maximum(week_sq / 13 - (week_sum / 13) ** 2, 0))
        rate = np.maximum(d28, d91)
        count_qty = counts.value_at("qty", k, t)
        since = np.where(is_dc, flows.total("inflow", k, count_day, t) - flows.total("returned", k, count_day, t), 0)
        # demand since the count: reported up to t - lag, the rest at the recent daily rate
        reported = np.where(is_dc, flows.total("demand", k, count_day, np.maximum(t - lag, count_day)),
                            share * data.shipments.total("qty", product, count_day, t))
        unreported = np.where(is_dc, d28 * np.minimum(lag, t - count_day), 0.0)
        on_hand = np.maximum(count_qty - reported - unreported + since, 0.0)
        lead = pd.to_numeric(data.products["supplier_lead_time_days"].reindex(product), errors="coerce")
        lead = lead.fillna(DEFAULT_LEAD_DAYS).clip(lower=1).to_numpy(float)
        sd_day = sd_week / np.sqrt(7.0)
        rop = rate * lead + SERVICE_Z * sd_day * np.sqrt(lead)
        n91 = counts.count(k, t - 91, t)
        receipts = np.where(is_dc, data.inflow_days.count(k, t - 365, t), data.receipts.count(k, t - 365, t))
        last_receipt = np.where(is_dc, data.inflow_days.last_day(k, t), data.receipts.last_day(k, t))
        count_28 = counts.value_at("qty", k, t - 28)
        with np.errstate(divide="ignore", invalid="ignore"):
            f = {
                "on_hand": on_hand,
                "last_count_qty": count_qty,
                "days_since_count": t - count_day,
                "demand_28": d28, "demand_91": d91,
                "demand_trend": np.where(d91 > 0, d28 / d91, np.nan),
                "demand_cv": np.where(d91 > 0, sd_week / (d91 * 7), np.nan),
                "days_of_cover": np.where(rate > 0, on_hand / rate, np.nan),
                "lead_time_days": lead,
                "cover_to_lead_time": np.where(rate > 0, on_hand / rate / lead, np.nan),
                "rop_gap_days": np.where(rate > 0, (on_hand - rop) / rate, np.nan),
                "reorder_point": rop,
                "recommended_reorder_qty": np.ceil(np.maximum(
                    rate * (lead + horizon) + SERVICE_Z * sd_day * np.sqrt(lead + horizon) - on_hand, 0)),
                "season_ratio": np.where(before > 0, last_year / before, np.nan),
                "zero_count_share_91": np.where(n91 > 0, counts.total("zero", k, t - 91, t) / n91, np.nan),
                "zero_counts_365": counts.total("zero", k, t - 365, t),
                "stock_change_28": np.where(count_28 > 0, count_qty / count_28, np.nan),
                "days_since_receipt": t - last_receipt,
                "usual_receipt_interval": np.where(receipts > 0, 365.0 / receipts, np.nan),
                "demand_share": share,
            }
        out = pd.DataFrame({
            "location_id": data.pairs["location_id"].reindex(k).to_numpy(),
            "location_type": data.pairs["location_type"].reindex(k).to_numpy(),
            "product_id": data.pairs["product_id"].reindex(k).to_numpy(),
            "snapshot_date": dates_of(t).to_numpy(),
            "last_count_date": dates_of(count_day).to_numpy(),
            **{name: np.asarray(v, dtype=float) for name, v in f.items()},
        })
        out["product_name"] = data.products["product_name"].reindex(product).to_numpy()
        out["already_out"] = (count_qty <= 0) & (on_hand <= 0)
        out["on_hand_estimate"] = np.round(on_hand, 1)
        out["daily_demand"] = np.round(d28, 3)
        zero_ahead = counts.total("zero", k, t, t + horizon) > 0
        out["label"] = np.where(known & observed, zero_ahead.astype(float), np.nan)
        return out  # rows in (location, product, snapshot) order

    def training_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["already_out"]]

    def known_outcomes(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
        out = frame["already_out"].to_numpy(dtype=bool)
        texts = [(f"nothing on hand at the last count on {d} and nothing received since", words_zh.already_out(d))
                 for d in frame["last_count_date"].to_numpy()[out]]
        return out, texts

    def baselines(self, data: StockData, horizon: int) -> list[Baseline]:
        return [RuleBaseline(
            "reorder_point_rule",
            f"Reorder point = mean daily demand x lead time + {SERVICE_Z} x daily sigma x sqrt(lead time); "
            "score = how many days of demand the estimated stock is below it; probability = stock-out rate "
            "seen at that score in the training slice",
            lambda df: -df["rop_gap_days"].to_numpy(dtype=float), groups=("cover",))]

    def describe(self, group: str, r: dict[str, object]) -> str:
        g = num
        if group == "cover":
            cover, lead = g(r, "days_of_cover"), g(r, "lead_time_days")
            text = f"about {g(r, 'on_hand'):,.0f} units on hand cover {cover:.0f} days of demand"
            if cover == cover and cover < lead:
                text += f", less than the {lead:.0f}-day supplier lead time"
            return text
        if group == "demand":
            return f"demand of {g(r, 'demand_28'):,.1f} units a day over the last 4 weeks"
        if group == "demand_trend":
            change = g(r, "demand_trend") - 1
            return f"demand {'up' if change >= 0 else 'down'} {abs(change) * 100:.0f}% in the last 4 weeks"
        if group == "variability":
            return f"lumpy demand: weekly sales swing by {g(r, 'demand_cv') * 100:.0f}% of the average"
        if group == "season":
            return f"last year the coming weeks sold {g(r, 'season_ratio'):.1f}x the quarter before"
        if group == "history":
            return f"found empty at {g(r, 'zero_counts_365'):.0f} counts in the last year"
        if group == "replenishment":
            since, usual = g(r, "days_since_receipt"), g(r, "usual_receipt_interval")
            if since != since:
                return "no goods received on record"
            usual_text = f" (usually every {usual:.0f} days)" if usual == usual else ""
            return f"no goods received for {since:.0f} days{usual_text}"
        if group == "lead_time":
            return f"supplier lead time of {g(r, 'lead_time_days'):.0f} days"
        if group == "location":
            return "distributor stock" if r.get("location_type") == "distributor" else "company warehouse stock"
        return group


