"""Names and codes as Chinese and English ERP exports write them (用友, 金蝶, SAP, 钉钉), per contract column.

Part of the contracts: header matching, code translation, data/raw/README.md and the erp-zh sample all
read these tables, so a synonym added here is accepted, documented and generated at once. The first
Chinese name of a column is the one the erp-zh sample writes.
"""

from __future__ import annotations

import unicodedata

# Header names by column name, shared by every source with that column.
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "region_id": ("区域编码", "大区编码", "部门编码", "办事处编码", "区域代码", "区域ID", "region code"),
    "region_name": ("区域名称", "大区名称", "部门名称", "办事处", "region"),
    "province": ("省份", "省", "所在省份"),
    "head_rep_id": ("负责人编码", "部门负责人编码", "区域经理编码"),
    "rep_id": ("业务员编码", "业务员", "销售员", "销售员编码", "职员编码", "人员编码", "业务员ID", "salesperson",
               "sales rep", "rep code"),
    "rep_name": ("业务员姓名", "姓名", "职员名称", "人员名称", "rep name"),
    "manager_rep_id": ("上级编码", "直属上级", "上级主管编码", "manager"),
    "role": ("职位", "岗位", "position"),
    "hire_date": ("入职日期", "hire date"),
    "leave_date": ("离职日期", "leave date"),
    "base_salary": ("底薪", "基本工资", "base salary"),
    "customer_id": ("客户编码", "客户代码", "客户ID", "客户编号", "客户", "customer code", "customer no",
                    "cust id", "customer"),
    "customer_name": ("客户名称", "客户全称", "customer name"),
    "customer_type": ("客户类型", "客户类别", "渠道类型", "customer type"),
    "opened_date": ("开户日期", "建档日期", "首次合作日期"),
    "scale": ("规模", "客户规模", "size"),
    "parent_distributor_id": ("上级经销商编码", "所属经销商编码", "供货经销商"),
    "credit_days": ("信用天数", "账期天数", "信用期", "账期", "credit terms"),
    "product_id": ("存货编码", "物料编码", "产品编码", "商品编码", "货品编码", "存货代码", "品号", "material",
                   "item code", "sku"),
    "product_name": ("存货名称", "物料名称", "产品名称", "商品名称", "item name"),
    "category": ("存货分类", "产品类别", "品类", "产品线", "product line"),
    "unit_cost": ("单位成本", "成本价", "标准成本", "unit cost"),
    "list_price": ("标准售价", "指导价", "零售价", "牌价", "list price"),
    "supplier_lead_time_days": ("采购提前期", "提前期", "交货周期", "lead time"),
    "product_manager": ("产品经理", "product manager"),
    "invoice_id": ("单据编号", "单据号", "发票号", "发票号码", "订单号", "出库单号", "销售单号", "invoice no",
                   "document no", "invoice"),
    "line_no": ("行号", "明细行号", "序号", "line", "item no"),
    "invoice_date": ("单据日期", "开票日期", "日期", "销售日期", "出库日期", "业务日期", "发票日期", "date",
                     "posting date", "billing date"),
    "qty": ("数量", "销售数量", "出库数量", "主数量", "quantity"),
    "unit_price": ("单价", "含税单价", "销售单价", "price", "unit price"),
    "discount_pct": ("折扣率", "折扣", "扣率", "discount"),
    "amount": ("含税金额", "价税合计", "金额", "销售金额", "总金额", "net amount", "value"),
    "payment_terms_days": ("付款期限", "收款期限", "付款天数", "payment terms"),
    "return_id": ("退货单号", "退货单编号", "return no"),
    "return_date": ("退货日期", "return date"),
    "return_type": ("退货类型", "return type"),
    "reason": ("退货原因", "原因", "reason code"),
    "original_invoice_id": ("原单号", "原发票号", "源单号", "original invoice"),
    "receipt_id": ("收款单号", "回款单号", "收款单编号", "receipt no"),
    "receipt_date": ("收款日期", "回款日期", "到账日期", "receipt date"),
    "method": ("结算方式", "收款方式", "付款方式", "payment method"),
    "snapshot_date": ("盘点日期", "库存日期", "日期", "date"),
    "location_id": ("仓库编码", "仓库", "库位", "warehouse"),
    "location_type": ("库存类型", "仓库类型", "location type"),
    "on_hand_qty": ("结存数量", "现存量", "库存数量", "期末数量", "on hand"),
    "sell_out_id": ("流向单号", "流向ID", "流向编号"),
    "sale_date": ("销售日期", "流向日期", "日期", "date"),
    "distributor_id": ("经销商编码", "经销商", "distributor"),
    "terminal_id": ("终端编码", "终端", "terminal"),
    "checkin_id": ("签到编号", "打卡ID", "打卡编号"),
    "checkin_time": ("签到时间", "打卡时间", "check-in time"),
    "channel": ("签到方式", "打卡方式"),
    "visit_id": ("拜访编号", "拜访ID"),
    "visit_date": ("拜访日期", "日期", "date"),
    "visit_type": ("拜访类型", "拜访目的"),
    "duration_min": ("拜访时长", "时长(分钟)", "时长", "duration"),
    "report_id": ("报告编号", "报告ID"),
    "report_type": ("报告类型",),
    "period_start": ("期间开始", "报告期间开始", "开始日期"),
    "due_time": ("截止时间", "应交时间"),
    "submitted_time": ("提交时间", "实交时间"),
    "expense_id": ("报销单号", "费用单号", "凭证号", "voucher no"),
    "expense_date": ("费用日期", "报销日期", "发生日期", "日期", "date"),
    "regime": ("费用制度", "管理模式"),
    "approval_level": ("审批级别", "审批层级"),
    "approver_rep_id": ("审批人编码", "审批人", "approver"),
    "is_advance": ("是否借支", "借支", "advance"),
    "amortization_months": ("摊销月数", "摊销期"),
    "year": ("年度", "年份", "年"),
    "month": ("月份", "月"),
    "target_id": ("目标编号", "目标ID"),
    "metric": ("指标", "目标类型", "考核指标"),
    "target_value": ("目标值", "目标金额", "目标"),
    "site_id": ("点位编码", "点位", "site"),
    "site_name": ("点位名称",),
    "address": ("地址",),
    "latitude": ("纬度",),
    "longitude": ("经度",),
    "candidate_type": ("店型", "候选类型"),
    "study_id": ("调研编号",),
    "observer_id": ("调查员", "调查员编码"),
    "count_date": ("调研日期", "日期"),
    "interval_start": ("开始时间",),
    "interval_end": ("结束时间",),
    "age_band": ("年龄段",),
    "gender": ("性别",),
    "income_tier": ("收入层级",),
    "direction": ("方向",),
    "count": ("人数", "计数"),
    "counter_id": ("计数器编码",),
    "hour_start": ("小时开始", "时段"),
}

# Where a source uses a column name in its own sense, its names replace the common ones.
SOURCE_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("returns", "amount"): ("退货金额", "金额", "amount"),
    ("returns", "qty"): ("退货数量", "数量", "quantity"),
    ("collections", "amount"): ("收款金额", "回款金额", "到账金额", "金额", "amount"),
    ("collections", "invoice_id"): ("核销发票号", "发票号", "单据编号", "invoice no", "invoice"),
    ("sell_out", "amount"): ("流向金额", "金额", "销售金额", "amount"),
    ("expenses", "amount"): ("费用金额", "报销金额", "金额", "amount"),
    ("expenses", "category"): ("费用类别", "费用类型", "费用项目", "category"),
    ("budgets", "amount"): ("预算金额", "预算", "金额", "amount"),
    ("budgets", "category"): ("费用类别", "费用类型", "费用项目", "category"),
}

# Codes as ERPs write them, by column name: export spelling -> contract value.
VALUE_CODES: dict[str, dict[str, str]] = {
    "customer_type": {"经销商": "distributor", "代理商": "agent", "终端": "terminal", "医院": "hospital",
                      "零售商": "retailer", "零售": "retailer", "企业客户": "corporate", "集团客户": "corporate"},
    "scale": {"小": "small", "中": "medium", "大": "large", "小型": "small", "中型": "medium", "大型": "large"},
    "role": {"业务员": "rep", "销售代表": "rep", "经理": "manager", "总监": "director"},
    "return_type": {"整批": "batch", "批量退货": "batch", "零星": "sporadic", "零星退货": "sporadic"},
    "reason": {"滞销": "unsold", "过期": "expired", "近效期": "expired", "破损": "damaged", "质量问题": "quality",
               "其他": "other"},
    "method": {"银行转账": "bank_transfer", "电汇": "bank_transfer", "承兑汇票": "acceptance_bill",
               "银行承兑": "acceptance_bill", "现金": "cash", "冲抵": "offset", "抵账": "offset"},
    "location_type": {"公司仓库": "company_warehouse", "自有仓库": "company_warehouse", "经销商库存": "distributor",
                      "经销商": "distributor"},
    "channel": {"电话": "phone", "手机应用": "app"},
    "visit_type": {"开发": "development", "维护": "maintenance", "协同拜访": "co_visit", "培训": "training"},
    "report_type": {"日报": "daily", "周报": "weekly", "月报": "monthly"},
    "category": {"市场费用": "market", "人员费用": "personnel", "差旅费": "travel", "促销费": "promotion",
                 "招待费": "entertainment", "开发费用": "development_fee"},
    "regime": {"承包制": "contract", "预算制": "budget"},
    "approval_level": {"无审批": "none", "直属上级": "line_manager", "部门负责人": "department_head",
                       "一笔签": "top_only", "全流程": "full_chain"},
    "metric": {"销售额": "sales", "回款": "collections", "新客户": "new_customers"},
    "gender": {"女": "female", "男": "male", "未知": "unknown"},
}

# Yes/no spellings for bool columns (the contract's own true/false/1/0/yes/no also pass).
BOOL_CODES: dict[str, bool] = {"是": True, "否": False, "y": True, "n": False, "真": True, "假": False,
                               "t": True, "f": False}


def fold(text: str) -> str:
    """A header or code as compared: full-width folded to half-width, trimmed, case folded, inner spaces cut."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def column_names_for(source: str, column: str) -> tuple[str, ...]:
    """The names a column may carry in a header of this source: the contract's own name first."""
    return (column, *SOURCE_NAMES.get((source, column), COMMON_NAMES.get(column, ())))


def chinese_name(source: str, column: str) -> str:
    """The first Chinese name of a column (what the erp-zh sample writes), else the contract name."""
    return next((n for n in column_names_for(source, column) if not n.isascii()), column)


def value_codes_for(column: str) -> dict[str, str]:
    return VALUE_CODES.get(column, {})
