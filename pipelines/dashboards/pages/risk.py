"""Risk: churn watchlist with drivers and risk bands, stuffing suspects, model quality from the model cards."""

from __future__ import annotations

import pandas as pd

from pipelines.analyst import figures
from pipelines.dashboards.context import PageContext
from pipelines.dashboards.pages.common import region_variants, snapshot_note
from pipelines.dashboards.pages.risk_data import churn_scores, drivers_text, stuffing_section
from pipelines.dashboards.sections import Column, FigureSection, NoDataSection, Section, TableSection
from pipelines.risk.reasons_zh import reason_zh
from pipelines.risk.words_zh import scorer_name

# Customers per region kept for the watchlist (riskiest first); the page shows the top rows.
WATCHLIST_PER_REGION = 40
MODEL_SCORER = "model"


def churn_bands(ctx: PageContext) -> Section:
    df = churn_scores(ctx)

    def make(part: pd.DataFrame):
        bands = part.groupby("risk_band", as_index=False).agg(count=("customer_id", "size"),
                                                              value=("sales_last_365_days", "sum"))
        return figures.risk_band_chart(bands.rename(columns={"risk_band": "band"}), lang=ctx.lang)

    return FigureSection("", "", note=snapshot_note(ctx), variants=region_variants(ctx, df, make),
                         by_region="variants")


def churn_watchlist(ctx: PageContext) -> Section:
    df = churn_scores(ctx)
    df = df[df["risk_band"].isin(["high", "medium"])].groupby("region_id", sort=False).head(WATCHLIST_PER_REGION)
    L = ctx.labels
    df = df.assign(drivers=drivers_text(df, L.lang))
    return TableSection("", "", note=snapshot_note(ctx), rows=df, region_col="region_id",
                        columns=[Column("customer_name", L("customer")), Column("region_id", L("region"), "region"),
                                 Column("rep_name", L("rep")), Column("risk_band", L("risk_band"), "band"),
                                 Column("probability", L("churn_probability"), "pct"),
                                 Column("sales_last_365_days", L("sales_last_365"), "money"),
                                 Column("recency_days", L("days_since_purchase"), "int"),
                                 Column("drivers", L("drivers"))])


def model_title(ctx: PageContext, card: dict) -> str:
    """The model's name in the page's language (labels model.<name>), else the card's own title."""
    key = f"model.{card['name']}"
    return ctx.labels(key) if ctx.labels.has(key) else str(card.get("title") or card["name"])


def card_rows(card: dict, key: str) -> list[dict]:
    """A list the card keeps under backtest.<key> (or at top level), e.g. calibration_curve, lift_by_decile."""
    rows = (card.get("backtest") or {}).get(key) or card.get(key) or []
    return [r for r in rows if isinstance(r, dict)]


def model_curves(ctx: PageContext, key: str) -> pd.DataFrame:
    parts = []
    for card in ctx.model_cards:
        rows = pd.DataFrame(card_rows(card, key))
        if rows.empty:
            continue
        if "scorer" in rows.columns:
            rows = rows[rows["scorer"] == MODEL_SCORER]
        parts.append(rows.assign(model=model_title(ctx, card)))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def calibration(ctx: PageContext) -> Section:
    curves = model_curves(ctx, "calibration_curve")
    if curves.empty or not {"predicted", "observed"} <= set(curves.columns):
        return NoDataSection("", "", missing=["model_card.json: backtest.calibration_curve"])
    return FigureSection("", "", note=ctx.labels("model_card_note"),
                         figure=figures.calibration_chart(curves, lang=ctx.lang))


def lift(ctx: PageContext) -> Section:
    curves = model_curves(ctx, "lift_by_decile")
    if not curves.empty and {"decile", "lift"} <= set(curves.columns):
        return FigureSection("", "", note=ctx.labels("model_card_note"),
                             figure=figures.lift_chart(curves, lang=ctx.lang))
    # Older cards: the top-decile lift of the model and each baseline from the backtest metrics.
    overall = overall_metrics(ctx)
    if overall.empty:
        return NoDataSection("", "", missing=["model_card.json: backtest.metrics"])
    scorer = overall["scorer"].map(lambda s: ctx.labels.value("scorer", s))
    top = overall.assign(decile=1, lift=overall["lift_top_decile"], model=overall["title"] + " · " + scorer)
    return FigureSection("", "", note=ctx.labels("lift_top_decile_note"), figure=figures.lift_chart(top, lang=ctx.lang))


def overall_metrics(ctx: PageContext) -> pd.DataFrame:
    rows = []
    for card in ctx.model_cards:
        for m in card_rows(card, "metrics"):
            if m.get("snapshot_date") is None:
                rows.append({"title": model_title(ctx, card), "as_of": card.get("as_of"),
                             "horizon_days": card.get("horizon_days"), **m})
    return pd.DataFrame(rows)


def model_metrics(ctx: PageContext) -> Section:
    df = overall_metrics(ctx)
    if df.empty:
        return NoDataSection("", "", missing=["model_card.json: backtest.metrics"])
    L = ctx.labels
    for col in ("roc_auc", "pr_auc", "brier", "lift_top_decile", "n_rows", "n_events", "horizon_days"):
        if col not in df.columns:
            df[col] = None
    df = df.assign(scorer=df["scorer"].map(lambda s: L.value("scorer", s)))
    return TableSection("", "", note=L("model_card_note"), rows=df, limit=40,
                        columns=[Column("title", L("model")), Column("scorer", L("scorer")),
                                 Column("as_of", L("data_as_of")), Column("horizon_days", L("horizon_days"), "int"),
                                 Column("roc_auc", L("roc_auc"), "num2"), Column("pr_auc", L("pr_auc"), "num2"),
                                 Column("brier", L("brier"), "num2"),
                                 Column("lift_top_decile", L("lift_top_decile"), "num2"),
                                 Column("n_rows", L("rows"), "int"), Column("n_events", L("events"), "int")])


def model_status(ctx: PageContext) -> Section:
    """One row per risk model: who scored, rows scored of eligible, and the reason when a panel is empty."""
    L = ctx.labels
    df = ctx.sql("SELECT model, status, scored_by, rows_scored, eligible, warning FROM risk_run_summary")
    df["model"] = [L(f"model.{m}") if L.has(f"model.{m}") else m for m in df["model"]]
    df["scored_by"] = [scorer_name(s, L.lang) if isinstance(s, str) else "–" for s in df["scored_by"]]
    if L.lang == "zh":
        df["warning"] = [reason_zh(w) if isinstance(w, str) else w for w in df["warning"]]
    return TableSection("", "", note=L("model_status_note"), rows=df,
                        columns=[Column("model", L("model")), Column("scored_by", L("scored_by")),
                                 Column("rows_scored", L("rows_scored"), "int"),
                                 Column("eligible", L("eligible_rows"), "int"),
                                 Column("warning", L("model_warning"))])


BUILDERS = {
    "risk.model_status": model_status,
    "risk.churn_bands": churn_bands,
    "risk.churn_watchlist": churn_watchlist,
    "risk.stuffing": stuffing_section,
    "risk.calibration": calibration,
    "risk.lift": lift,
    "risk.model_metrics": model_metrics,
}
