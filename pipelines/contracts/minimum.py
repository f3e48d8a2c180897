"""What each source needs at the least, what the pipeline puts in place of a missing column, and what is lost.

A sales export with only date, customer and amount builds: the other columns are derived here or set
to "unassigned", and every mart that needs the missing input says so in export terms (table
missing_inputs, read by the dashboards). The other sources' minimum is their required columns.
"""

from __future__ import annotations

from pipelines.contracts.model import Contract

UNASSIGNED = "unassigned"

# (source, column) -> (what the pipeline does without it, what cannot be shown, in English and Chinese).
WHEN_ABSENT: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("sales_lines", "invoice_id"): (
        "each row is its own invoice", "invoice counts and average invoice value count rows, not invoices",
        "每行视为一张发票", "发票数和平均单张金额按行计算"),
    ("sales_lines", "line_no"): (
        "numbered by row order within the invoice", "nothing", "按发票内的行序编号", "无"),
    ("sales_lines", "rep_id"): (
        f"every line credited to '{UNASSIGNED}'", "sales by rep, commissions, rep targets and scorecards",
        f"所有行记入 '{UNASSIGNED}'", "业务员销售、提成、业务员目标和考核"),
    ("sales_lines", "product_id"): (
        f"every line on product '{UNASSIGNED}'", "sales by product, product-manager bonus, stock-out risk",
        f"所有行记入产品 '{UNASSIGNED}'", "产品销售、产品经理奖金、缺货风险"),
    ("sales_lines", "qty"): (
        "left empty (unit price and discount too)", "units sold, prices and discounts",
        "留空（单价和折扣也留空）", "销量、价格和折扣"),
    ("sales_lines", "unit_price"): (
        "amount / (qty x (1 - discount)); with no discount column the discount is 0", "list-price discounts",
        "金额 / (数量 x (1 - 折扣))；没有折扣列时折扣为 0", "相对标价的折扣"),
    ("sales_lines", "discount_pct"): (
        "1 - amount / (qty x unit_price) when both are given, else 0", "nothing",
        "有数量和单价时为 1 - 金额 / (数量 x 单价)，否则为 0", "无"),
}

# Optional source -> (what cannot be shown without it, in English and Chinese).
NEEDED_BY: dict[str, tuple[str, str]] = {
    "regions": ("region names (regions are shown by their codes)", "区域名称（区域以编码显示）"),
    "reps": ("rep names, regions and reporting lines", "业务员姓名、所属区域和汇报关系"),
    "customers": ("customer types, regions and credit terms (customers are named by their codes)",
                  "客户类型、区域和信用期（客户以编码显示）"),
    "products": ("product names, costs and margins", "产品名称、成本和毛利"),
    "returns": ("returns and the product-manager return charges", "退货和产品经理退货扣款"),
    "collections": ("collections, receivables, aging, DSO and commission on collected sales",
                    "回款、应收账款、账龄、DSO 和按回款计算的提成"),
    "inventory_snapshots": ("stock, weeks of supply and stock-out risk", "库存、可销周数和缺货风险"),
    "sell_out": ("sell-through and channel-stuffing risk", "纯销和压货风险"),
    "rep_checkins": ("check-in discipline", "每日报到纪律"),
    "visits": ("visits and co-visits", "拜访和协同拜访"),
    "rep_reports": ("report punctuality", "报告按时率"),
    "expenses": ("expenses, expense ratios, budget variance and approval hygiene", "费用、费用率、预算差异和审批规范"),
    "budgets": ("budget variance", "预算差异"),
    "targets": ("target attainment and gaps", "目标达成和差距"),
}


def minimum_columns(contract: Contract) -> tuple[str, ...]:
    """The columns an export of this source must have (the others are optional or derived)."""
    return tuple(c.name for c in contract.columns if c.required)


def add_export_text(contract: Contract, lang: str = "en") -> str:
    """'add a collections export with receipt_id, ...' in the reader's language."""
    columns = ", ".join(minimum_columns(contract))
    if lang == "zh":
        return f"请提供 {contract.name} 导出，至少包含 {columns}"
    return f"add a {contract.name} export with {columns}"
