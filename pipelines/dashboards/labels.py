"""The one label table: every user-facing word on the dashboards, in English and Simplified Chinese.

Chinese terms follow the business glossary (/work/shared/DOMAIN.md): 回款, 同期, 费用超支, 一笔签, 提成,
工作饱和度, 非有效库存, 压货, 流失预警 ... Add a key here, never a literal string in a page or figure.
Data values (expense categories, approval levels, risk bands) are translated with ``Labels.value``;
a value without an entry is shown as it is in the data.
"""

from __future__ import annotations

import pandas as pd

LANGS = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    # Page furniture
    "product": ("Sales Ops Analytics", "销售运营分析"),
    "dashboards": ("Dashboards", "仪表板"),
    "home": ("Index", "目录"),
    "region": ("Region", "区域"),
    "period": ("Period", "期间"),
    "all_regions": ("All regions", "全部区域"),
    "region_unknown": ("Unassigned", "未分配"),
    "built_at": ("Built", "生成时间"),
    "data_as_of": ("Data as of", "数据截至"),
    "other_language": ("中文", "English"),
    "no_data": ("No data for this section", "本部分暂无数据"),
    "no_data_missing": ("Missing or empty source table(s)", "缺少或为空的数据表"),
    "no_data_selection": ("No data for this selection", "所选条件下无数据"),
    "section_error": ("This section could not be built", "本部分生成失败"),
    "rows_shown": ("Showing {shown} of {total} rows", "显示 {shown} / {total} 行"),
    "snapshot_note": ("Snapshot as of {as_of}; the period filter does not apply.",
                      "截至 {as_of} 的快照；期间筛选不适用。"),
    "trend_note": ("Trends show the 13 months ending in the selected period.", "趋势图显示截至所选期间的 13 个月。"),
    "run_rate_note": ("Projection: actual to date divided by the share of the year elapsed.",
                      "预测 = 截至目前实际 ÷ 本年已过时间占比。"),
    "ytd_note": ("Year to date through the selected period.", "本年截至所选期间累计。"),
    "month_note": ("The selected month.", "所选月份。"),
    "company_note": ("Company warehouses: the region filter does not apply.", "公司仓库：区域筛选不适用。"),
    "drill_reps": ("All regions: one bar per region; pick a region to see its reps.",
                   "全部区域时按区域显示；选择区域后按业务员显示。"),
    "drill_categories": ("All regions: one bar per region; pick a region to see its expense categories.",
                         "全部区域时按区域显示；选择区域后按费用类别显示。"),
    "drill_skipped": ("All regions: one bar per region; pick a region to see the 15 reps with the most spend "
                      "that skipped the line.",
                      "全部区域时按区域显示；选择区域后显示无审批或一笔签费用最多的 15 名业务员。"),
    "index_title": ("Dashboards index", "仪表板目录"),
    "index_intro": ("Double-click any page; everything works offline. Use the region and period filters at the "
                    "top of each page.", "双击任意页面即可打开，无需网络。每页顶部可按区域和期间筛选。"),
    "pages": ("Pages", "页面"),
    "sections_with_data": ("sections with data", "个部分有数据"),
    "missing_data": ("Missing data", "缺失数据"),
    "missing_none": ("Every section has data.", "所有部分均有数据。"),
    "missing_section": ("Section", "部分"),
    "missing_tables": ("Missing or empty tables", "缺少或为空的表"),
    "absent_sources": ("Raw sources not delivered", "未提供的原始数据源"),
    "page": ("Page", "页面"),
    # Pages
    "page_overview": ("Overview", "经营概览"),
    "page_overview_desc": ("Sales, collections, margin, expenses and profit against target and last year; "
                           "top alerts.", "销售、回款、毛利、费用、利润对比目标与同期；重点预警。"),
    "page_costs": ("Cost control", "费用管控"),
    "page_costs_desc": ("Expense structure, budget against actual, overruns, approvals that skipped the line, "
                        "expense ratio, period against period.",
                        "费用结构、预算与实际、费用超支、越级审批、费用率、同期对比。"),
    "page_collections": ("Collections and receivables", "回款与应收"),
    "page_collections_desc": ("Collection rate, aging, DSO and the overdue watchlist by rep.",
                              "回款率、账龄、应收周转天数（DSO）与业务员逾期清单。"),
    "page_targets": ("Targets and reps", "目标与业务员"),
    "page_targets_desc": ("Attainment, run-rate projection, gap list, rep scorecards, discipline and commissions.",
                          "目标达成、进度预测、数据缺口、业务员记分卡、工作纪律与提成。"),
    "page_inventory": ("Inventory and channel", "库存与渠道"),
    "page_inventory_desc": ("Turnover, days of inventory, non-effective stock, channel weeks of supply, "
                            "sell-in against sell-out, stock-out risk.",
                            "货物周转率、库存天数、非有效库存、渠道库存周数、进货与纯销、断货风险。"),
    "page_risk": ("Risk", "风险预警"),
    "page_risk_desc": ("Churn watchlist with drivers, stuffing suspects, model quality.",
                       "客户流失预警及原因、压货嫌疑、模型质量。"),
    "page_footfall": ("Foot traffic", "人流量调研"),
    "page_footfall_desc": ("Foot-traffic studies for site decisions (reserved until counts are loaded).",
                           "选址人流量调研（导入计数数据后启用）。"),
    # Metrics
    "sales": ("Sales", "销售额"),
    "collections": ("Collections", "回款"),
    "gross_margin": ("Gross margin", "毛利"),
    "expenses": ("Expenses", "费用"),
    "profit": ("Profit", "利润"),
    "month": ("Month", "本月"),
    "ytd": ("Year to date", "本年累计"),
    "target": ("Target", "目标"),
    "actual": ("Actual", "实际"),
    "budget": ("Budget", "预算"),
    "vs_target": ("vs target", "目标达成"),
    "vs_last_year": ("vs last year", "同比"),
    "last_year": ("Last year", "去年同期"),
    "sales_last_year": ("Sales last year", "去年同期销售额"),
    "sales_target": ("Sales target", "销售目标"),
    "attainment": ("Attainment", "达成率"),
    "projected_attainment": ("Projected attainment", "预计达成率"),
    "run_rate_projection": ("Run-rate projection", "按当前进度预测"),
    "gap": ("Gap to target", "目标缺口"),
    "amount": ("Amount", "金额"),
    "count": ("Count", "数量"),
    "units": ("Units", "数量"),
    "share": ("Share", "占比"),
    "collection_rate": ("Collection rate", "回款率"),
    "expense_ratio": ("Expense ratio", "费用率"),
    "dso": ("DSO (days)", "应收周转天数"),
    "days_of_inventory": ("Days of inventory", "库存天数"),
    "turnover": ("Turnover", "周转率"),
    "closing_value": ("Closing stock value", "期末库存金额"),
    "weeks_of_supply": ("Weeks of supply", "库存可售周数"),
    "sell_in": ("Sell-in", "进货（销售给经销商）"),
    "sell_out": ("Sell-out", "纯销（经销商出货）"),
    "checkin_rate": ("Check-in rate", "报到率"),
    "report_on_time_rate": ("Reports on time", "报告按时率"),
    "visits_per_day": ("Visits per working day", "日均拜访"),
    "saturation": ("Work saturation", "工作饱和度"),
    "co_visits": ("Co-visits", "协同拜访"),
    "unmanaged": ("Free-range", "放牧式"),
    "yes": ("yes", "是"),
    "commission": ("Commission", "提成"),
    "value_at_stake": ("Value at stake", "涉及金额"),
    "contribution": ("Contribution", "贡献"),
    "predicted": ("Predicted probability", "预测概率"),
    "observed": ("Observed rate", "实际发生率"),
    "perfect_calibration": ("Perfectly calibrated", "完美校准"),
    "model": ("Model", "模型"),
    "decile": ("Decile (1 = highest risk)", "十分位（1 = 风险最高）"),
    "lift": ("Lift", "提升度"),
    "period_current": ("This period", "本期"),
    "period_previous": ("Previous period", "上期"),
    "period_last_year": ("Same period last year", "同期"),
    "expense_group": ("Group", "费用类别"),
    "approval_level": ("Approval", "审批"),
    # Entities and columns
    "rep": ("Rep", "业务员"),
    "customer": ("Customer", "客户"),
    "product_col": ("Product", "产品"),
    "distributor": ("Distributor", "经销商"),
    "category": ("Category", "类别"),
    "date": ("Date", "日期"),
    "voucher": ("Voucher", "凭证"),
    "approver": ("Approver", "审批人"),
    "department_cost": ("Department costs (no rep)", "部门费用（无业务员）"),
    "alert_type": ("Alert", "预警类型"),
    "subject": ("Who / what", "对象"),
    "value": ("Value", "数值"),
    "detail": ("Detail", "说明"),
    "months_checked": ("Months", "月数"),
    "working_days": ("Working days", "工作日"),
    "days_checked_in": ("Days checked in", "报到天数"),
    "visits": ("Visits", "拜访次数"),
    "reports_due": ("Reports due", "应交报告"),
    "reports_on_time": ("Reports on time", "按时报告"),
    "qty": ("Units", "数量"),
    "avg_monthly_sales_value": ("Average monthly sales at cost", "月均销售成本"),
    "avg_stock_last_two_months": ("Average stock, last two months", "近两月平均库存"),
    "excess_value": ("Non-effective value", "非有效库存金额"),
    "sell_out_per_week": ("Sell-out per week", "周均纯销"),
    "on_hand_qty": ("Units on hand", "库存数量"),
    "overrun_amount": ("Over budget by", "超支金额"),
    "overrun_pct": ("Over budget %", "超支比例"),
    "overdue_amount": ("Overdue", "逾期金额"),
    "overdue_over_90": ("Overdue > 90 days", "逾期超90天"),
    "max_days_overdue": ("Max days overdue", "最长逾期天数"),
    "days_since_last_receipt": ("Days since last receipt", "距上次回款天数"),
    "priority": ("Priority", "优先级"),
    "risk_band": ("Risk band", "风险等级"),
    "churn_probability": ("Churn probability", "流失概率"),
    "sales_last_365": ("Sales, last 365 days", "近365天销售额"),
    "days_since_purchase": ("Days since last purchase", "距上次购买天数"),
    "drivers": ("Why (top drivers)", "主要原因"),
    "scorer": ("Scorer", "评分方法"),
    "horizon_days": ("Horizon (days)", "预测期（天）"),
    "lift_top_decile": ("Lift, top 10%", "前10%提升度"),
    "roc_auc": ("ROC AUC", "ROC AUC"),
    "pr_auc": ("PR AUC", "PR AUC"),
    "brier": ("Brier score", "Brier 分数"),
    "rows": ("Rows", "行数"),
    "events": ("Events", "事件数"),
    "model_card_note": ("From the model cards (time-based backtest against baselines).",
                        "来自模型卡（按时间回测，与基准模型对比）。"),
    "lift_top_decile_note": ("Lift in the riskiest 10%, model and baselines (the cards hold no per-decile lift).",
                             "风险最高 10% 的提升度：模型与基准对比（模型卡未提供分位提升度）。"),
    "metric": ("Target", "指标"),
    "target_to_date": ("Target to date", "截至目前目标"),
    "actual_to_date": ("Actual to date", "截至目前实际"),
    "needed_per_month": ("Needed per remaining month", "剩余每月需完成"),
    "status": ("Status", "状态"),
    "score": ("Score", "得分"),
    "rank_in_region": ("Rank in region", "区域排名"),
    "new_customers": ("New customers", "新客户开发"),
    "flags": ("Flags", "提示"),
    "opens_not_maintains": ("Opens but does not maintain", "只开发不维护"),
    "commission_period": ("Period", "计提周期"),
    "effective_rate": ("Effective rate", "实际提成率"),
    "marginal_rate": ("Top tier rate", "最高档提成率"),
    "metric.sales": ("Sales", "销售额"),
    "metric.collections": ("Collections", "回款"),
    "metric.new_customers": ("New customers", "新客户开发"),
    "status.ahead": ("Ahead", "超前"),
    "status.on track": ("On track", "正常"),
    "status.behind": ("Behind", "落后"),
    "status.no target due yet": ("No target due yet", "暂无到期目标"),
    "period_type.month": ("Month", "月"),
    "period_type.quarter": ("Quarter", "季度"),
    "period_type.year": ("Year", "年"),
    "location": ("Location", "库存地点"),
    "location_type.company_warehouse": ("company warehouse", "公司仓库"),
    "location_type.distributor": ("distributor", "经销商"),
    "stockout_probability": ("Stock-out probability", "断货概率"),
    "stuffing_probability": ("Stuffing probability", "压货概率"),
    "days_of_cover": ("Days of cover", "可供天数"),
    "lead_time_days": ("Lead time (days)", "补货周期（天）"),
    "reorder_point": ("Reorder point", "再订货点"),
    "recommended_reorder": ("Recommended reorder (units)", "建议补货量"),
    "sell_in_amount": ("Sell-in", "进货金额"),
    "last_5_days_share": ("Share in the last 5 days", "月末5天占比"),
    "sell_in_vs_sell_out": ("Sell-in / sell-out", "进销比"),
    # Overview sections
    "overview.kpis": ("Month and year to date", "本月与本年累计"),
    "overview.sales_trend": ("Sales and collections", "销售与回款趋势"),
    "overview.region_sales": ("Sales by region", "各区域销售额"),
    "overview.margin_trend": ("Gross margin, expenses and profit", "毛利、费用与利润"),
    "overview.alerts": ("Top alerts", "重点预警"),
    # Cost control sections
    "costs.structure": ("Expense structure (year to date)", "费用结构（本年累计）"),
    "costs.budget_vs_actual": ("Budget against actual (year to date)", "预算与实际（本年累计）"),
    "costs.overruns": ("Overruns", "费用超支"),
    "costs.approvals": ("Approvals by highest signature (year to date)", "按审批层级的费用（本年累计）"),
    "costs.skipped_approvals": ("Expenses that skipped the approval line", "无审批 / 一笔签费用"),
    "costs.expense_ratio": ("Expense ratio (expenses / sales, trailing 3 months)",
                            "费用率（费用 / 销售额，近 3 个月滚动）"),
    "costs.period_comparison": ("Period against period", "同期对比"),
    # Collections sections
    "collections.rate_trend": ("Collection rate (collections / sales)", "回款率（回款 / 销售额）"),
    "collections.aging": ("Receivables aging", "应收账龄"),
    "collections.dso_trend": ("Days sales outstanding", "应收周转天数（DSO）"),
    "collections.overdue_watchlist": ("Overdue watchlist by rep", "业务员逾期应收清单"),
    # Targets sections
    "targets.attainment": ("Attainment by region and rep (year to date)", "区域与业务员目标达成（本年累计）"),
    "targets.run_rate": ("Run-rate projection", "目标进度预测"),
    "targets.gap_list": ("Gap list", "目标缺口清单"),
    "targets.scorecards": ("Rep scorecards", "业务员记分卡"),
    "targets.discipline": ("Discipline: check-ins, reports, visits", "工作纪律：报到、报告、拜访"),
    "targets.discipline_table": ("Discipline by rep (selected month)", "业务员工作纪律（所选月份）"),
    "targets.commissions": ("Commissions", "提成"),
    # Inventory sections
    "inventory.days_of_inventory": ("Days of inventory by product (selected month)", "产品库存天数（所选月份）"),
    "inventory.non_effective": ("Non-effective inventory", "非有效库存"),
    "inventory.weeks_of_supply": ("Channel weeks of supply by distributor", "经销商渠道库存周数"),
    "inventory.sell_in_out": ("Sell-in against sell-out", "进货与纯销对比"),
    "inventory.stockout_risk": ("Stock-out risk and recommended reorder", "断货风险与建议补货"),
    # Risk sections
    "risk.churn_bands": ("Churn risk bands", "流失风险分级"),
    "risk.churn_watchlist": ("Churn watchlist", "客户流失预警清单"),
    "risk.stuffing": ("Channel-stuffing suspects", "压货嫌疑"),
    "risk.calibration": ("Model calibration", "模型校准曲线"),
    "risk.lift": ("Lift by decile", "分位提升度"),
    "risk.model_metrics": ("Model quality", "模型质量"),
    # Foot traffic
    "footfall.studies": ("Foot-traffic studies", "人流量调研"),
    # Alert types
    "alert_overdue": ("Overdue receivable", "逾期应收"),
    "alert_overrun": ("Expense overrun", "费用超支"),
    "alert_churn": ("Churn risk", "流失风险"),
    "alert_stuffing": ("Stuffing suspect", "压货嫌疑"),
    "alert_stockout": ("Stock-out risk", "断货风险"),
    "alert_overdue_detail": ("{days} days overdue · rep {rep}", "逾期 {days} 天 · 业务员 {rep}"),
    "alert_overrun_detail": ("{pct} over budget in {month}", "{month}超支 {pct}"),
    "alert_risk_detail": ("{pct} probability · {why}", "概率 {pct} · {why}"),
    "alert_stockout_detail": ("{pct} probability · reorder {qty} units", "概率 {pct} · 建议补货 {qty}"),
    # Data values: expense groups and categories
    "expense_group.market": ("Market", "市场费用"),
    "expense_group.personnel": ("Personnel", "人员费用"),
    "category.market": ("Market", "市场"),
    "category.personnel": ("Personnel", "人员"),
    "category.travel": ("Travel", "差旅"),
    "category.promotion": ("Promotion", "促销"),
    "category.entertainment": ("Entertainment", "招待"),
    "category.development_fee": ("Development fee", "开发费用"),
    # Approval levels
    "approval.none": ("No approval", "无审批"),
    "approval.line_manager": ("Line manager", "直属经理"),
    "approval.department_head": ("Department head", "部门负责人"),
    "approval.top_only": ("Top boss only", "一笔签"),
    "approval.full_chain": ("Full chain", "逐级审批"),
    # Aging buckets (账龄, days since invoice)
    "aging.0-30": ("0-30 days", "0-30天"),
    "aging.31-60": ("31-60 days", "31-60天"),
    "aging.61-90": ("61-90 days", "61-90天"),
    "aging.91-180": ("91-180 days", "91-180天"),
    "aging.over 180": ("Over 180 days", "180天以上"),
    # Overdue priorities
    "priority.critical": ("Critical (> 90 days)", "严重（逾期超90天）"),
    "priority.high": ("High (> 30 days)", "高（逾期超30天）"),
    "priority.watch": ("Watch", "关注"),
    # What was wrong with an approval
    "approval_issue": ("Issue", "问题"),
    "approval_issue.unapproved": ("No approval", "无审批"),
    "approval_issue.one_signature": ("Top boss only, line skipped", "一笔签（越级）"),
    "approval_issue.wrong_approver": ("Signed by the wrong person", "审批人不符"),
    # Risk models (models/<name>/)
    "model.churn": ("Customer churn", "客户流失"),
    "model.stockout": ("Stock-out", "断货"),
    "model.stuffing": ("Channel stuffing", "压货"),
    # Risk bands
    "band.high": ("High", "高"),
    "band.medium": ("Medium", "中"),
    "band.low": ("Low", "低"),
}


class Labels:
    """Labels in one language: ``labels("sales")``, ``labels.value("category", "travel")``."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGS:
            raise ValueError(f"dashboard language {lang!r} is not supported; use one of {', '.join(LANGS)}")
        self.lang = lang
        self._i = LANGS.index(lang)

    def __call__(self, key: str, **fields: object) -> str:
        try:
            text = LABELS[key][self._i]
        except KeyError:
            raise KeyError(f"label {key!r} is not in pipelines/dashboards/labels.py") from None
        return text.format(**fields) if fields else text

    def has(self, key: str) -> bool:
        return key in LABELS

    def value(self, kind: str, raw: object) -> str:
        """A data value in this language when the table has it (e.g. category.travel), else as written."""
        key = f"{kind}.{raw}"
        return LABELS[key][self._i] if key in LABELS else str(raw)

    def month(self, period: str) -> str:
        """'2026-10' as 'Oct 2026' or '2026年10月'."""
        ts = pd.Timestamp(period + "-01" if len(period) == 7 else period)
        return f"{ts.year}年{ts.month}月" if self.lang == "zh" else ts.strftime("%b %Y")

    @property
    def html_lang(self) -> str:
        return "zh-CN" if self.lang == "zh" else "en"
