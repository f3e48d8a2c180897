"""The risk tables' words in Simplified Chinese: driver sentences, scorer and model names.

The English sentences live with each model (`describe`); these are the same sentences with the same
figures for the zh edition of the pages, stored beside them (driver_1_zh .. driver_3_zh), so a page
never translates on its own. Terms follow shared/DOMAIN.md (流失预警, 压货, 断货 ...).
"""

from __future__ import annotations

from collections.abc import Callable

from pipelines.risk.base import num

MODEL_TITLES = {"churn": ("Customer churn", "客户流失"), "stockout": ("Stock-out", "断货"),
                "stuffing": ("Channel stuffing", "渠道压货")}
# scored_by code -> (English, Chinese)
SCORER_NAMES = {
    "model": ("gradient-boosted model (calibrated)", "梯度提升模型（已校准）"),
    "bg_nbd": ("BG/NBD repeat-buying model", "BG/NBD 复购模型"),
    "recency_rule": ("recency rule (days since last purchase)", "最近购买间隔规则"),
    "reorder_point_rule": ("reorder-point rule", "再订货点规则"),
    "ratio_rules": ("stuffing red-flag ratios", "压货预警比率规则"),
}


def scorer_name(code: str | None, lang: str = "en") -> str:
    names = SCORER_NAMES.get(code or "")
    return (names[1] if lang == "zh" else names[0]) if names else (code or "–")


def money_zh(x: float) -> str:
    """Amounts as a Chinese reader writes them: 万 from ten thousand, 亿 from a hundred million."""
    if abs(x) >= 1e8:
        return f"¥{x / 1e8:.2f}亿"
    if abs(x) >= 1e4:
        return f"¥{x / 1e4:.1f}万"
    return f"¥{x:,.0f}"


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _churn(group: str, r: dict[str, object]) -> str:
    g = num
    if group == "recency":
        days, usual = g(r, "recency_days"), g(r, "usual_gap_days")
        if usual and usual > 0:
            return f"已 {days:.0f} 天未采购，是其平常间隔 {usual:.0f} 天的 {days / usual:.1f} 倍"
        return f"已 {days:.0f} 天未采购（记录中仅有一个采购日）"
    if group == "frequency":
        return (f"近 90 天采购 {g(r, 'purchase_days_90'):.0f} 天，此前 90 天 {g(r, 'purchase_days_prev_90'):.0f} 天"
                f"（为前一年节奏的 {g(r, 'frequency_ratio_90'):.1f} 倍）")
    if group == "spend":
        a90, prev = g(r, "amount_90"), g(r, "amount_prev_90")
        if prev and prev > 0:
            change = a90 / prev - 1
            return f"近 90 天采购额 {money_zh(a90)}，比此前 90 天{'少' if change < 0 else '多'} {pct(abs(change))}"
        return f"近 90 天采购额 {money_zh(a90)}（全年 {money_zh(g(r, 'amount_365'))}）"
    if group == "basket":
        return (f"全年每张发票 {g(r, 'lines_per_invoice_365'):.1f} 个品种，"
                f"近期为其 {g(r, 'breadth_ratio_90'):.1f} 倍")
    if group == "discount":
        return f"近一年平均折扣 {pct(g(r, 'discount_share_365'))}"
    if group == "tenure":
        return f"首次采购在 {g(r, 'tenure_days') / 30.4:.0f} 个月前"
    if group == "profile":
        terms = g(r, "credit_days")
        return f"{r.get('customer_type')} 客户，规模 {r.get('customer_scale')}" + (
            f"，账期 {terms:.0f} 天" if terms == terms else "")
    if group == "returns":
        return f"近 180 天退货占采购的 {pct(g(r, 'returns_share_180'))}"
    if group == "overdue":
        text = f"逾期 {money_zh(g(r, 'overdue'))}（占一年采购的 {pct(g(r, 'overdue_share'))}）"
        oldest = g(r, "oldest_overdue_days")
        return text + (f"，最早一笔已逾期 {oldest:.0f} 天" if oldest == oldest and oldest > 0 else "")
    if group == "owner":
        return f"业务员 {r.get('rep_id')} 名下曾活跃的客户中有 {pct(g(r, 'rep_lapse_rate'))} 近 90 天未采购"
    if group == "payment":
        delay, change = g(r, "payment_delay_180"), g(r, "payment_delay_change")
        if delay != delay:
            return "近 180 天无回款"
        text = f"近期回款比到期日晚 {delay:.0f} 天"
        if change == change and abs(change) >= 1:
            text += f"，比以前{'晚' if change > 0 else '早'} {abs(change):.0f} 天"
        return text
    if group == "visits":
        since = g(r, "days_since_visit")
        if since != since:
            return "业务员从未拜访"
        return (f"业务员上次拜访在 {since:.0f} 天前，近 90 天拜访 {g(r, 'visits_90'):.0f} 次"
                f"（为前一年拜访节奏的 {g(r, 'visit_ratio_90'):.1f} 倍）")
    return group


def _stockout(group: str, r: dict[str, object]) -> str:
    g = num
    if group == "cover":
        cover, lead = g(r, "days_of_cover"), g(r, "lead_time_days")
        text = f"现有约 {g(r, 'on_hand'):,.0f} 件，可供 {cover:.0f} 天"
        return text + (f"，短于 {lead:.0f} 天的供货周期" if cover == cover and cover < lead else "")
    if group == "demand":
        return f"近 4 周日均需求 {g(r, 'demand_28'):,.1f} 件"
    if group == "demand_trend":
        change = g(r, "demand_trend") - 1
        return f"近 4 周需求{'上升' if change >= 0 else '下降'} {abs(change) * 100:.0f}%"
    if group == "variability":
        return f"需求波动大：周销量波动为均值的 {g(r, 'demand_cv') * 100:.0f}%"
    if group == "season":
        return f"去年接下来几周的销量是此前一季度的 {g(r, 'season_ratio'):.1f} 倍"
    if group == "history":
        return f"近一年有 {g(r, 'zero_counts_365'):.0f} 次盘点为零库存"
    if group == "replenishment":
        since, usual = g(r, "days_since_receipt"), g(r, "usual_receipt_interval")
        if since != since:
            return "没有到货记录"
        return f"已 {since:.0f} 天未到货" + (f"（平常每 {usual:.0f} 天）" if usual == usual else "")
    if group == "lead_time":
        return f"供货周期 {g(r, 'lead_time_days'):.0f} 天"
    if group == "location":
        return "经销商库存" if r.get("location_type") == "distributor" else "公司仓库库存"
    return group


def _stuffing(group: str, r: dict[str, object]) -> str:
    g = num
    if group == "period_end_push":
        usual = g(r, "last_5_days_share") - g(r, "last_5_days_share_vs_usual")
        text = f"当月进货的 {pct(g(r, 'last_5_days_share'))} 在最后 5 天开票"
        return text + (f"（平常 {pct(usual)}）" if usual == usual else "")
    if group == "sell_in_size":
        return f"进货 {money_zh(g(r, 'sell_in_amount'))}，为平常月份的 {g(r, 'sell_in_vs_usual'):.1f} 倍"
    if group == "sell_through":
        return f"进货量是当月向终端销出量的 {g(r, 'sell_in_vs_sell_out'):.1f} 倍"
    if group == "channel_stock":
        return f"月末渠道库存可销 {g(r, 'weeks_of_supply'):.0f} 周"
    if group == "receivables":
        return f"近 3 个月应收增长速度是销售增长的 {g(r, 'receivables_vs_sales_growth'):.1f} 倍"
    if group == "discount":
        return f"折扣比平常深 {100 * g(r, 'discount_depth_vs_usual'):+.1f} 个百分点"
    if group == "terms":
        return f"账期比平常 {g(r, 'terms_extension_days'):+.0f} 天"
    if group == "returns_history":
        return f"近 6 个月退货占进货的 {pct(g(r, 'returns_share_6m'))}"
    if group == "activity":
        return f"本月 {g(r, 'invoices'):.0f} 张发票，近 12 个月有 {g(r, 'buying_months_12'):.0f} 个月进货"
    if group == "calendar":
        return "季末月份" if g(r, "quarter_end") == 1 else "非季末月份"
    return group


DESCRIBE: dict[str, Callable[[str, dict[str, object]], str]] = {
    "churn": _churn, "stockout": _stockout, "stuffing": _stuffing}

MISSING = {
    "churn": {"returns": "近 180 天无采购，无法比较退货", "basket": "近 90 天无发票", "spend": "无采购可比较金额",
              "owner": "其业务员名下客户太少，无法比较", "discount": "近一年无采购，无法比较折扣"},
    "stockout": {"season": "去年同期无销售，无法比较季节", "variability": "需求历史太短，无法判断波动"},
    "stuffing": {"sell_through": "本月未向终端销出", "channel_stock": "无盘点或销出数据，无法计算渠道库存",
                 "receivables": "应收历史不足，无法比较", "discount": "尚无平常折扣可比较",
                 "terms": "尚无平常账期可比较", "period_end_push": "尚无平常月末占比可比较"},
}


def describe(model: str, group: str, row: dict[str, object]) -> str:
    return DESCRIBE[model](group, row)


def missing_phrase(model: str, group: str) -> str:
    return MISSING.get(model, {}).get(group, f"{group}：无可比较的历史")


def already_out(last_count_date: object) -> str:
    return f"{last_count_date} 盘点时已无库存，此后未到货"
