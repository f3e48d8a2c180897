"""Customer churn: P(no purchase in the next H days) for every customer who has bought on or before the date.

Needs only sales lines; collections, returns and visits add features when they were delivered.
Baselines: a recency rule and the BG/NBD repeat-buying model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from pipelines.contracts.sources import CUSTOMER_TYPES
from pipelines.risk import bgnbd
from pipelines.risk.asof import EventStream, Keys, Windows, day_numbers
from pipelines.risk.base import Context, RiskModel, dates_of, money, num, pct, snapshot_days
from pipelines.risk.baselines import Baseline, RuleBaseline
from pipelines.risk.features import Feature
from pipelines.risk.queries import run_risk_arrow, run_risk_sql
from pipelines.settings import Settings

# The receivables stream's values (pipelines/risk/sql/customer_money_days.sql)
MONEY_VALUES = ("falls_overdue", "settles_overdue", "overdue", "receipts", "delay_amount", "returns")
MIN_REP_CUSTOMERS = 5  # customers behind a rep's lapse rate (fewer when the company's reps have fewer)

F = Feature
FEATURES: tuple[Feature, ...] = (
    F("recency_days", "recency", "Days since the last purchase"),
    F("gap_ratio", "recency", "Days since the last purchase over the customer's usual gap between purchases"),
    F("usual_gap_days", "recency", "Average days between purchase days"),
    F("gap_sd_days", "recency", "Spread of the days between purchase days"),
    F("purchase_days_365", "frequency", "Days with a purchase in the last 365 days"),
    F("purchase_days_90", "frequency", "Days with a purchase in the last 90 days"),
    F("purchase_days_prev_90", "frequency", "Days with a purchase in the 90 days before those"),
    F("purchase_days_30", "frequency", "Days with a purchase in the last 30 days"),
    F("frequency_ratio_90", "frequency",
      "Purchase days in the last 90 days against the customer's rate over the year before them"),
    F("frequency_ratio_180", "frequency",
      "Purchase days in the last 180 days against the customer's rate over the year before them"),
    F("amount_365", "spend", "Sales in the last 365 days"),
    F("amount_90", "spend", "Sales in the last 90 days"),
    F("amount_trend_log", "spend", "log of (1 + sales last 90 days) over (1 + sales the 90 days before)"),
    F("order_size_ratio_90", "spend", "Sales per purchase day, last 90 days against the last year"),
    F("lines_per_invoice_365", "basket", "Products per invoice over the last year"),
    F("breadth_ratio_90", "basket", "Products per invoice, last 90 days against the last year"),
    F("discount_share_365", "discount", "Average discount over the last year, amount-weighted"),
    F("tenure_days", "tenure", "Days since the first purchase on record"),
    F("account_age_days", "tenure", "Days since the account was opened"),
    F("customer_type", "profile", "Channel role", categories=CUSTOMER_TYPES),
    F("customer_scale", "profile", "Size class (tier)", categories=("small", "medium", "large", "unknown")),
    F("credit_days", "profile", "Agreed payment terms in days"),
    F("returns_share_180", "returns", "Returns over sales in the last 180 days", source="returns"),
    F("overdue_share", "overdue", "Amount overdue over the last year's sales", source="collections"),
    F("overdue", "overdue", "Amount overdue (past due date, not yet paid or credited)", source="collections"),
    F("oldest_overdue_days", "overdue", "Days the oldest unpaid amount is past its due date", source="collections"),
    F("payment_delay_180", "payment", "Days paid after the due date, receipts of the last 180 days",
      source="collections"),
    F("payment_delay_change", "payment", "Change in payment delay: last 180 days against before",
      source="collections"),
    F("rep_lapse_rate", "owner", "Share of the owning rep's customers active 6-18 months ago who bought "
      "nothing in the last 90 days"),
    F("days_since_visit", "visits", "Days since a rep last visited", source="visits"),
    F("visits_90", "visits", "Rep visits in the last 90 days", source="visits"),
    F("visit_ratio_90", "visits", "Rep visits in the last 90 days against the customer's visit pace over the "
      "year before", source="visits"),
    F("visit_gap_ratio", "visits", "Days since the last visit over the usual days between visits", source="visits"),
)


@dataclass
class ChurnData:
    ctx: Context
    keys: Keys
    purchases: EventStream
    money: EventStream
    visits: EventStream
    profile: pd.DataFrame  # indexed by customer code


class ChurnModel(RiskModel):
    name = "churn"
    title = "Customer churn"
    table = "risk_customer_churn"
    predicts = "the customer makes no purchase in the next {horizon} days"
    entity = ("customer_id",)
    features = FEATURES
    fallback = "bg_nbd"
    bands = (0.5, 0.25)
    missing_phrases = {
        "returns": "no purchases in the last 180 days to compare returns with",
        "basket": "no invoices in the last 90 days",
        "spend": "no purchases to compare spend with",
        "owner": "its rep has too few customers to compare",
        "discount": "no purchases in the last year to compare discounts with",
    }
    output_columns = {"customer_id": "string", "customer_name": "string", "customer_type": "string",
                      "rep_id": "string", "region_id": "string", "recency_days": "float64",
                      "usual_gap_days": "float64", "sales_last_365_days": "float64"}

    def horizon(self, settings: Settings) -> int:
        return settings.churn_horizon_days

    def load(self, con: duckdb.DuckDBPyConnection, ctx: Context, horizon: int) -> ChurnData:
        profile = run_risk_sql(con, "customer_profile")
        purchases = run_risk_arrow(con, "customer_purchase_days")
        money_days = run_risk_arrow(con, "customer_money_days")
        visit_days = run_risk_arrow(con, "customer_visit_days")
        keys = Keys(profile["customer_id"], purchases["customer_id"])
        profile.index = keys.codes(profile["customer_id"])
        # days since the customer's previous purchase day, from the rows in (customer, day) order
        k, d = keys.codes(purchases["customer_id"]), day_numbers(purchases["day"])
        order = np.lexsort((d, k))
        k, d = k[order], d[order]
        gap = np.where(np.r_[False, k[1:] == k[:-1]], np.diff(d, prepend=0), 0).astype(float)
        values = {c: purchases[c].to_numpy()[order] for c in ("amount", "invoices", "lines", "discount_amount")}
        return ChurnData(
            ctx=ctx, keys=keys, profile=profile,
            purchases=EventStream(k, d, {**values, "gap_sq": gap**2}),
            money=EventStream.from_table(money_days, keys.codes(money_days["customer_id"]), values=MONEY_VALUES),
            visits=EventStream.from_table(visit_days, keys.codes(visit_days["customer_id"]), values=("visits",)),
        )

    def population(self, data: ChurnData, snapshots: list[date]) -> tuple[np.ndarray, np.ndarray]:
        """(customer code, snapshot day) of every customer with a purchase on or before each snapshot."""
        codes = data.purchases.entities()
        t = snapshot_days(snapshots)
        k = np.repeat(codes, len(t))  # customer-major: the binary searches walk their arrays in order
        tt = np.tile(t, len(codes))
        last = data.purchases.last_day(k, tt)
        keep = ~np.isnan(last)
        return k[keep], tt[keep]

    def frame(self, data: ChurnData, snapshots: list[date], horizon: int) -> pd.DataFrame:
        k, t = self.population(data, snapshots)
        p, m, v = data.purchases, data.money, data.visits
        # window sums back from each snapshot, each window edge searched once per stream
        pw, mw, vw = Windows(p, k, t), Windows(m, k, t), Windows(v, k, t)
        f: dict[str, np.ndarray] = {}
        last = p.last_day(k, t)
        first = p.first_day(k, t)
        n_days = pw.count(None)
        f["recency_days"] = t - last
        gap = np.where(n_days > 1, (last - first) / np.maximum(n_days - 1, 1), np.nan)
        f["usual_gap_days"] = gap
        f["gap_ratio"] = f["recency_days"] / np.maximum(gap, 1)
        with np.errstate(invalid="ignore"):
            mean_sq = pw.total("gap_sq", None) / np.maximum(n_days - 1, 1)
            f["gap_sd_days"] = np.where(n_days > 2, np.sqrt(np.maximum(mean_sq - gap**2, 0)), np.nan)
        n365 = pw.count(365)
        n90 = pw.count(90)
        n_prev = pw.count(180, 90)
        f["purchase_days_365"], f["purchase_days_90"], f["purchase_days_prev_90"] = n365, n90, n_prev
        f["purchase_days_30"] = pw.count(30)
        # against the customer's own pace over the year before the window (+1 smooths new customers)
        before90 = pw.count(455, 90)
        before180 = pw.count(545, 180)
        f["frequency_ratio_90"] = (n90 + 0.5) / (before90 * 90 / 365 + 0.5)
        f["frequency_ratio_180"] = (n90 + n_prev + 0.5) / (before180 * 180 / 365 + 0.5)
        a365 = pw.total("amount", 365)
        a90 = pw.total("amount", 90)
        a_prev = pw.total("amount", 180, 90)
        f["amount_365"], f["amount_90"], f["amount_prev_90"] = a365, a90, a_prev
        f["amount_trend_log"] = np.log1p(a90) - np.log1p(a_prev)
        with np.errstate(divide="ignore", invalid="ignore"):
            f["order_size_ratio_90"] = np.where(n90 > 0, (a90 / n90) / (a365 / n365), np.nan)
            inv365 = pw.total("invoices", 365)
            inv90 = pw.total("invoices", 90)
            lpi365 = pw.total("lines", 365) / inv365
            f["lines_per_invoice_365"] = lpi365
            f["breadth_ratio_90"] = np.where(inv90 > 0, pw.total("lines", 90) / inv90 / lpi365, np.nan)
            f["discount_share_365"] = pw.total("discount_amount", 365) / a365
            f["tenure_days"] = t - first
            opened = day_numbers(data.profile["opened_date"].reindex(k).to_numpy())
            f["account_age_days"] = t - opened
            a180 = pw.total("amount", 180)
            f["returns_share_180"] = mw.total("returns", 180) / a180
            # the overdue balance at the snapshot, as the aging allocates (int_customer_receivables_days)
            overdue = np.nan_to_num(m.value_at("overdue", k, t))
            f["overdue"] = overdue
            # the oldest amount overdue that the credits settling overdue amounts have not covered (FIFO)
            overdue_since = m.first_exceeding("falls_overdue", k, mw.total("settles_overdue", None))
            f["oldest_overdue_days"] = np.where(overdue_since <= t, t - overdue_since + 1, 0.0)
            f["overdue_share"] = overdue / a365
            r_recent = mw.total("receipts", 180)
            r_before = mw.total("receipts", None, 180)
            delay_recent = np.where(r_recent > 0, mw.total("delay_amount", 180) / r_recent, np.nan)
            delay_before = np.where(r_before > 0, mw.total("delay_amount", None, 180) / r_before, np.nan)
            f["payment_delay_180"] = delay_recent
            f["payment_delay_change"] = delay_recent - delay_before
        f["days_since_visit"] = t - v.last_day(k, t)
        f["visits_90"] = vw.total("visits", 90)
        f["visit_ratio_90"] = (f["visits_90"] + 0.5) / (vw.total("visits", 455, 90) * 90 / 365 + 0.5)
        n_visit_days = vw.count(None)
        visit_gap = (v.last_day(k, t) - v.first_day(k, t)) / np.maximum(n_visit_days - 1, 1)
        f["visit_gap_ratio"] = np.where(n_visit_days > 1, f["days_since_visit"] / np.maximum(visit_gap, 1), np.nan)
        f["rep_lapse_rate"] = self._rep_lapse_rate(data, k, t)
        prof = data.profile.reindex(k)
        out = pd.DataFrame({
            "customer_id": data.keys.ids(k),
            "snapshot_date": dates_of(t).to_numpy(),
            "customer_name": prof["customer_name"].to_numpy(),
            "rep_id": prof["rep_id"].to_numpy(),
            "region_id": prof["region_id"].to_numpy(),
            "customer_type": prof["customer_type"].to_numpy(),
            "customer_scale": prof["customer_scale"].to_numpy(),
            "credit_days": pd.to_numeric(prof["credit_days"]).to_numpy(dtype=float),
            **{name: np.asarray(col, dtype=float) for name, col in f.items()},
        })
        # Label: no purchase in (t, t + horizon]; unknown while that window is not over.
        nxt = p.next_day(k, t)
        known = t + horizon <= snapshot_days([data.ctx.as_of])[0]
        out["sales_last_365_days"] = out["amount_365"]
        out["label"] = np.where(known, (np.isnan(nxt) | (nxt > t + horizon)).astype(float), np.nan)
        return out  # rows in (customer, snapshot) order

    @staticmethod
    def _rep_lapse_rate(data: ChurnData, k: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Per row: the lapse rate of its owning rep's customers at the same snapshot (history only)."""
        p = data.purchases
        codes = p.entities()
        reps = data.profile["rep_id"].reindex(codes).fillna("").to_numpy()
        out = np.full(len(k), np.nan)
        for day in np.unique(t):
            active = p.count(codes, day - 545, day - 180) > 0
            lapsed = p.count(codes, day - 90, day) == 0
            rate = pd.Series(lapsed[active]).groupby(reps[active]).agg(["mean", "size"])
            # a rate needs a few customers behind it; a company whose reps own fewer gets the size it has
            need = min(MIN_REP_CUSTOMERS, max(2, int(rate["size"].median()))) if len(rate) else MIN_REP_CUSTOMERS
            rate = rate["mean"].where(rate["size"] >= need)
            rows = t == day
            out[rows] = pd.Series(data.profile["rep_id"].reindex(k[rows]).to_numpy()).map(rate).to_numpy(float)
        return out

    def baselines(self, data: ChurnData, horizon: int) -> list[Baseline]:
        return [
            RuleBaseline("recency_rule", "Days since the last purchase; probability = churn rate seen at that "
                         "recency in the training slice", lambda df: df["recency_days"].to_numpy(),
                         groups=("recency",)),
            BgNbdBaseline(data, horizon),
        ]

    def describe(self, group: str, r: dict[str, object]) -> str:
        g = num
        if group == "recency":
            days, usual = g(r, "recency_days"), g(r, "usual_gap_days")
            if usual and usual > 0:
                return f"no purchase for {days:.0f} days, {days / usual:.1f}x their usual gap of {usual:.0f} days"
            return f"no purchase for {days:.0f} days (only one purchase day on record)"
        if group == "frequency":
            return (f"bought on {g(r, 'purchase_days_90'):.0f} days in the last 90 against "
                    f"{g(r, 'purchase_days_prev_90'):.0f} in the 90 before "
                    f"({g(r, 'frequency_ratio_90'):.1f}x their pace of the year before)")
        if group == "spend":
            a90, prev = g(r, "amount_90"), g(r, "amount_prev_90")
            if prev and prev > 0:
                change = a90 / prev - 1
                word = "less" if change < 0 else "more"
                return f"spent {money(a90)} in the last 90 days, {pct(abs(change))} {word} than the 90 before"
            return f"spent {money(a90)} in the last 90 days ({money(g(r, 'amount_365'))} over the year)"
        if group == "basket":
            return (f"{g(r, 'lines_per_invoice_365'):.1f} products per invoice over the year, "
                    f"{g(r, 'breadth_ratio_90'):.1f}x that lately")
        if group == "discount":
            return f"average discount {pct(g(r, 'discount_share_365'))} over the last year"
        if group == "tenure":
            return f"first purchase on record {g(r, 'tenure_days') / 30.4:.0f} months ago"
        if group == "profile":
            terms = g(r, "credit_days")
            terms_text = f", {terms:.0f}-day terms" if terms == terms else ""
            return f"{r.get('customer_type')} customer, {r.get('customer_scale')} size{terms_text}"
        if group == "returns":
            return f"returned {pct(g(r, 'returns_share_180'))} of the last 180 days' purchases"
        if group == "overdue":
            text = f"{money(g(r, 'overdue'))} overdue ({pct(g(r, 'overdue_share'))} of a year's purchases)"
            oldest = g(r, "oldest_overdue_days")
            return text + (f", the oldest {oldest:.0f} days past due" if oldest == oldest and oldest > 0 else "")
        if group == "owner":
            return (f"{pct(g(r, 'rep_lapse_rate'))} of rep {r.get('rep_id')}'s once-active customers bought "
                    "nothing in the last 90 days")
        if group == "payment":
            delay, change = g(r, "payment_delay_180"), g(r, "payment_delay_change")
            if delay != delay:
                return "no payment received in the last 180 days"
            text = f"pays {delay:.0f} days after the due date lately"
            if change == change and abs(change) >= 1:
                text += f", {abs(change):.0f} days {'later' if change > 0 else 'sooner'} than before"
            return text
        if group == "visits":
            since = g(r, "days_since_visit")
            if since != since:
                return "never visited by a rep"
            return (f"last rep visit {since:.0f} days ago, {g(r, 'visits_90'):.0f} visits in the last 90 days "
                    f"({g(r, 'visit_ratio_90'):.1f}x their visit pace of the year before)")
        return group




class BgNbdBaseline(Baseline):
    """BG/NBD fitted on each snapshot's whole customer cohort (history only, no labels)."""

    name = "bg_nbd"
    needs_labels = False
    groups = ("recency", "frequency")
    description = ("BG/NBD repeat-buying model (Fader, Hardie & Lee 2005) fitted by maximum likelihood on "
                   "every customer's purchase days up to the snapshot; P(no purchase in the horizon)")

    def __init__(self, data: ChurnData, horizon: int) -> None:
        self.data, self.horizon = data, horizon
        self.params: dict[str, dict[str, float]] = {}

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        out = np.full(len(frame), np.nan)
        p = self.data.purchases
        codes = p.entities()
        for snap, idx in frame.groupby("snapshot_date").indices.items():
            t = snapshot_days([snap])[0]
            tt = np.full(len(codes), t)
            first = p.first_day(codes, tt)
            ok = ~np.isnan(first)
            c, f = codes[ok], first[ok]
            x = p.count(c, None, tt[ok]) - 1
            t_x = (p.last_day(c, tt[ok]) - f) / 7.0
            T = (t - f) / 7.0
            params = bgnbd.fit(x, t_x, T)
            self.params[str(snap)] = params.to_dict()
            rows = self.data.keys.codes(frame["customer_id"].to_numpy()[idx])
            pos = np.searchsorted(c, rows)
            out[idx] = bgnbd.prob_no_purchase(params, x[pos], t_x[pos], T[pos], self.horizon / 7.0)
        return out
