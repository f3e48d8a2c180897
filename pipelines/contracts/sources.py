"""Contracts of every raw source: the single source of truth for validation, docs and sample data."""

from __future__ import annotations

from pipelines.contracts.model import Column as C
from pipelines.contracts.model import Contract, RowRule

CUSTOMER_TYPES = ("distributor", "agent", "terminal", "hospital", "retailer", "corporate")
EXPENSE_CATEGORIES = ("market", "personnel", "travel", "promotion", "entertainment", "development_fee")
APPROVAL_LEVELS = ("none", "line_manager", "department_head", "top_only", "full_chain")

REGIONS = Contract(
    name="regions",
    description="Provincial sales departments (省区/办事处).",
    key=("region_id",),
    members_from_ids=True,
    columns=(
        C("region_id", "string", "Region code", "R01"),
        C("region_name", "string", "Department name", "East China / 华东"),
        C("province", "string", "Province it covers", "Zhejiang", required=False, nullable=True),
        C("head_rep_id", "string", "Rep id of the department head", "P001", required=False, nullable=True),
    ),
)

REPS = Contract(
    name="reps",
    description="Field reps and managers with their reporting line.",
    key=("rep_id",),
    members_from_ids=True,
    columns=(
        C("rep_id", "string", "Rep code", "P0042"),
        C("rep_name", "string", "Name", "Zhang Wei"),
        C("region_id", "string", "Home department", "R01", references="regions.region_id"),
        C("manager_rep_id", "string", "Line manager (empty for the top)", "P0003",
          nullable=True, references="reps.rep_id"),
        C("role", "string", "Position", "rep", allowed=("rep", "manager", "director")),
        C("hire_date", "date", "First working day", "2021-04-01", date_kind="history"),
        C("leave_date", "date", "Last working day, empty while employed", "", required=False, nullable=True,
          date_kind="plan"),
        C("base_salary", "decimal", "Monthly base salary (底薪)", "6000", required=False, nullable=True,
          min_value=0),
    ),
)

CUSTOMERS = Contract(
    name="customers",
    description="Distributors, agents, terminals, hospitals, retailers and corporate clients.",
    key=("customer_id",),
    members_from_ids=True,
    columns=(
        C("customer_id", "string", "Customer code", "C00017"),
        C("customer_name", "string", "Name", "Hangzhou Kangda Trading"),
        C("customer_type", "string", "Channel role", "distributor", allowed=CUSTOMER_TYPES),
        C("region_id", "string", "Department that serves it", "R01", references="regions.region_id"),
        C("rep_id", "string", "Owning rep", "P0042", references="reps.rep_id"),
        C("opened_date", "date", "Date the account was opened", "2022-06-15", date_kind="history"),
        C("scale", "string", "Size class", "medium", required=False, nullable=True,
          allowed=("small", "medium", "large")),
        C("parent_distributor_id", "string", "Distributor that supplies this terminal", "C00003",
          required=False, nullable=True),
        C("credit_days", "int", "Agreed payment terms in days", "60", required=False, nullable=True,
          min_value=0, max_value=365),
    ),
)

PRODUCTS = Contract(
    name="products",
    description="Product master with cost, list price and supplier lead time.",
    key=("product_id",),
    members_from_ids=True,
    columns=(
        C("product_id", "string", "SKU", "SKU0101"),
        C("product_name", "string", "Name", "Amoxicillin 250mg x24"),
        C("category", "string", "Product line", "antibiotics"),
        C("unit_cost", "decimal", "Standard unit cost", "12.40", min_value=0),
        C("list_price", "decimal", "List price per unit", "19.90", min_value=0, min_exclusive=True),
        C("supplier_lead_time_days", "int", "Days from order to receipt", "21", min_value=0, max_value=365),
        C("product_manager", "string", "Responsible product manager", "PM03", required=False, nullable=True),
    ),
)

SALES_LINES = Contract(
    name="sales_lines",
    description="Sell-in invoice lines (company to customer). The only required source, unless the project is "
                "a foot-traffic study (count sheets in footfall_counts and no sales).",
    key=("invoice_id", "line_no"),
    required_source=True,
    required_unless=("footfall_counts",),
    columns=(
        C("invoice_id", "string", "Invoice number", "INV2024000123", required=False),
        C("line_no", "int", "Line on the invoice", "1", min_value=1, required=False),
        C("invoice_date", "date", "Invoice date", "2024-03-29"),
        C("customer_id", "string", "Customer", "C00017", references="customers.customer_id"),
        C("rep_id", "string", "Rep credited", "P0042", references="reps.rep_id", required=False),
        C("product_id", "string", "SKU", "SKU0101", references="products.product_id", required=False),
        C("qty", "decimal", "Units sold (returns go to the returns source)", "120", min_value=0,
          min_exclusive=True, required=False),
        C("unit_price", "decimal", "Price per unit before discount", "19.90", min_value=0, required=False),
        C("discount_pct", "decimal", "Discount as a share of price", "0.05", min_value=0, max_value=0.9,
          required=False),
        C("amount", "decimal", "Net line amount = qty x unit price x (1 - discount)", "2268.60", min_value=0),
        C("payment_terms_days", "int", "Payment terms granted on this invoice", "60", required=False,
          nullable=True, min_value=0, max_value=365),
    ),
    row_rules=(
        RowRule(
            "amount_matches",
            "abs(amount - qty * unit_price * (1 - discount_pct)) <= greatest(1, 0.01 * amount)",
            "amount must equal qty x unit_price x (1 - discount_pct) within 1%",
            ("amount",),
        ),
    ),
)

RETURNS = Contract(
    name="returns",
    description="Goods returned by customers: batch returns (整批) or sporadic ones (零星).",
    key=("return_id",),
    columns=(
        C("return_id", "string", "Return note number", "RET000045"),
        C("return_date", "date", "Date goods came back", "2024-05-10"),
        C("customer_id", "string", "Customer", "C00017", references="customers.customer_id"),
        C("product_id", "string", "SKU", "SKU0101", references="products.product_id"),
        C("qty", "decimal", "Units returned (positive)", "30", min_value=0, min_exclusive=True),
        C("amount", "decimal", "Credited value", "567.00", min_value=0),
        C("return_type", "string", "Batch or sporadic", "batch", allowed=("batch", "sporadic")),
        C("reason", "string", "Why", "unsold", allowed=("unsold", "expired", "damaged", "quality", "other")),
        C("original_invoice_id", "string", "Invoice the goods came from, when known", "INV2024000123",
          required=False, nullable=True),
    ),
)

COLLECTIONS = Contract(
    name="collections",
    description="Cash received (回款) against invoices or, when unallocated, against the customer.",
    key=("receipt_id",),
    columns=(
        C("receipt_id", "string", "Receipt number", "RC0000981"),
        C("receipt_date", "date", "Date cash arrived", "2024-05-20"),
        C("customer_id", "string", "Paying customer", "C00017", references="customers.customer_id"),
        C("invoice_id", "string", "Invoice paid, empty when unallocated", "INV2024000123",
          required=False, nullable=True),
        C("amount", "decimal", "Amount received", "2268.60", min_value=0, min_exclusive=True),
        C("method", "string", "Payment method", "bank_transfer", required=False, nullable=True,
          allowed=("bank_transfer", "acceptance_bill", "cash", "offset")),
    ),
)

INVENTORY_SNAPSHOTS = Contract(
    name="inventory_snapshots",
    description="Stock on hand by location: company warehouses and distributors' own stock.",
    key=("snapshot_date", "location_id", "product_id"),
    columns=(
        C("snapshot_date", "date", "Date of the count", "2024-05-31"),
        C("location_id", "string", "Warehouse code or distributor customer id", "WH01"),
        C("location_type", "string", "Whose stock", "company_warehouse",
          allowed=("company_warehouse", "distributor")),
        C("product_id", "string", "SKU", "SKU0101", references="products.product_id"),
        C("on_hand_qty", "decimal", "Units on hand", "340", min_value=0),
    ),
)

SELL_OUT = Contract(
    name="sell_out",
    description="Distributor sales to terminals (流向/纯销), reported by distributors.",
    key=("sell_out_id",),
    columns=(
        C("sell_out_id", "string", "Line id in the distributor's report", "SO00012345"),
        C("sale_date", "date", "Date sold to the terminal", "2024-05-12"),
        C("distributor_id", "string", "Distributor (a customer)", "C00003", references="customers.customer_id"),
        C("terminal_id", "string", "Terminal bought from the distributor, when reported", "C00990",
          required=False, nullable=True),
        C("product_id", "string", "SKU", "SKU0101", references="products.product_id"),
        C("qty", "decimal", "Units", "24", min_value=0, min_exclusive=True),
        C("amount", "decimal", "Value at the distributor's price", "520.00", required=False, nullable=True,
          min_value=0),
    ),
)

REP_CHECKINS = Contract(
    name="rep_checkins",
    description="Daily phone or app check-ins (每日电话报到).",
    key=("checkin_id",),
    columns=(
        C("checkin_id", "string", "Check-in id", "CK00012"),
        C("rep_id", "string", "Rep", "P0042", references="reps.rep_id"),
        C("checkin_time", "timestamp", "When the rep checked in", "2024-05-20 08:41:00"),
        C("channel", "string", "How", "app", allowed=("phone", "app")),
    ),
)

VISITS = Contract(
    name="visits",
    description="Customer visits: development, maintenance, co-visits with a manager, training.",
    key=("visit_id",),
    columns=(
        C("visit_id", "string", "Visit id", "V0000231"),
        C("visit_date", "date", "Date", "2024-05-20"),
        C("rep_id", "string", "Rep", "P0042", references="reps.rep_id"),
        C("customer_id", "string", "Customer visited", "C00017", references="customers.customer_id"),
        C("visit_type", "string", "Purpose", "maintenance",
          allowed=("development", "maintenance", "co_visit", "training")),
        C("manager_rep_id", "string", "Manager on a co-visit", "P0003", required=False, nullable=True,
          references="reps.rep_id"),
        C("duration_min", "int", "Minutes spent", "45", required=False, nullable=True, min_value=0,
          max_value=720),
    ),
)

REP_REPORTS = Contract(
    name="rep_reports",
    description="Daily, weekly and monthly reports (日报/周报/月报) with due and submitted times.",
    key=("report_id",),
    columns=(
        C("report_id", "string", "Report id", "RP000123"),
        C("rep_id", "string", "Rep", "P0042", references="reps.rep_id"),
        C("report_type", "string", "Cadence", "daily", allowed=("daily", "weekly", "monthly")),
        C("period_start", "date", "First day the report covers", "2024-05-20"),
        C("due_time", "timestamp", "Deadline", "2024-05-20 20:00:00"),
        C("submitted_time", "timestamp", "When submitted, empty if never", "2024-05-20 19:12:00",
          nullable=True),
    ),
)

EXPENSES = Contract(
    name="expenses",
    description="Market and personnel expenses with approval trail and regime (承包制/预算制).",
    key=("expense_id",),
    columns=(
        C("expense_id", "string", "Voucher id", "EX0000457"),
        C("expense_date", "date", "Date booked", "2024-05-18"),
        C("region_id", "string", "Department charged", "R01", references="regions.region_id"),
        C("rep_id", "string", "Rep who spent, empty for department costs", "P0042", nullable=True,
          references="reps.rep_id"),
        C("category", "string", "Expense category", "promotion", allowed=EXPENSE_CATEGORIES),
        C("amount", "decimal", "Amount", "1800.00", min_value=0, min_exclusive=True),
        C("regime", "string", "Contract (承包制) or budget (预算制) regime", "budget",
          allowed=("contract", "budget")),
        C("approval_level", "string", "Highest signature on the voucher", "line_manager",
          allowed=APPROVAL_LEVELS),
        C("approver_rep_id", "string", "Who signed, empty when no approval", "P0003", nullable=True,
          references="reps.rep_id"),
        C("is_advance", "bool", "Paid as a personal advance (借支) to the rep", "false", required=False,
          nullable=True),
        C("amortization_months", "int", "Months a development fee is spread over", "12", required=False,
          nullable=True, min_value=1, max_value=60),
    ),
)

BUDGETS = Contract(
    name="budgets",
    description="Expense budgets by month, region and category.",
    key=("year", "month", "region_id", "category"),
    columns=(
        C("year", "int", "Year", "2024", min_value=2000, max_value=2100),
        C("month", "int", "Month", "5", min_value=1, max_value=12),
        C("region_id", "string", "Department", "R01", references="regions.region_id"),
        C("category", "string", "Expense category", "promotion", allowed=EXPENSE_CATEGORIES),
        C("amount", "decimal", "Budgeted amount", "25000", min_value=0),
    ),
)

TARGETS = Contract(
    name="targets",
    description="Targets as they arrive: year x region, optionally by rep, product or month.",
    key=("target_id",),
    columns=(
        C("target_id", "string", "Target id", "T0001"),
        C("year", "int", "Target year", "2024", min_value=2000, max_value=2100),
        C("month", "int", "Month, empty for a yearly target", "", required=False, nullable=True,
          min_value=1, max_value=12),
        C("region_id", "string", "Department", "R01", nullable=True, references="regions.region_id"),
        C("rep_id", "string", "Rep, when set at rep level", "", required=False, nullable=True,
          references="reps.rep_id"),
        C("product_id", "string", "SKU, when set by product", "", required=False, nullable=True,
          references="products.product_id"),
        C("metric", "string", "What is targeted", "sales", allowed=("sales", "collections", "new_customers")),
        C("target_value", "decimal", "Target amount or count", "12000000", min_value=0),
    ),
)

FOOTFALL_AGE_BANDS = ("<20", "20-35", "36-50", "51-65", ">65", "unknown")
FOOTFALL_GENDERS = ("female", "male", "unknown")
FOOTFALL_INCOME_TIERS = ("low", "middle", "high", "unknown")
# Compass direction of walking past a candidate site, or in/out/pass at an existing entrance.
FOOTFALL_DIRECTIONS = ("north", "south", "east", "west", "in", "out", "pass", "unknown")

FOOTFALL_COUNTS = Contract(
    name="footfall_counts",
    description="Foot-traffic count sheets (人流量调研): passers-by per timed interval and segment, one row per "
                "study, site, observer, date, interval and segment. A sheet is one observer's day at one site.",
    key=("study_id", "site_id", "observer_id", "count_date", "interval_start", "age_band", "gender",
         "income_tier", "direction"),
    filled_by_later_issue=True,
    columns=(
        C("study_id", "string", "Study", "FT2026-09"),
        C("site_id", "string", "Candidate site (must be in footfall_sites when a site list is delivered)",
          "SITE-A", references="footfall_sites.site_id"),
        C("observer_id", "string", "Who counted", "OBS1"),
        C("count_date", "date", "Date counted", "2026-09-08"),
        C("interval_start", "time", "Interval start (local time)", "10:00"),
        C("interval_end", "time", "Interval end, after the start, at most 60 minutes later", "10:15"),
        C("age_band", "string", "Apparent age band; empty when not classified", "20-35", required=False,
          nullable=True, allowed=FOOTFALL_AGE_BANDS),
        C("gender", "string", "Apparent gender; empty when not classified", "female", required=False,
          nullable=True, allowed=FOOTFALL_GENDERS),
        C("income_tier", "string", "Apparent income tier; empty when not classified", "middle", required=False,
          nullable=True, allowed=FOOTFALL_INCOME_TIERS),
        C("direction", "string", "Walking direction; empty when not classified", "north", required=False,
          nullable=True, allowed=FOOTFALL_DIRECTIONS),
        # A sanity cap only (a busy street passes tens of thousands an hour); what one observer can really count
        # is the study's sheet check quality.max_rate_per_minute (pipelines/config/footfall.yaml).
        C("count", "int", "Passers-by of this segment counted in the interval", "7", min_value=0,
          max_value=100_000),
    ),
    row_rules=(
        RowRule("interval_order", "interval_end > interval_start",
                "interval_end must be after interval_start (intervals may not cross midnight)", ("interval_end",)),
        RowRule("interval_length", "date_diff('minute', interval_start, interval_end) <= 60",
                "an interval may last at most 60 minutes; split longer counts into 15-minute intervals",
                ("interval_end",)),
    ),
)

FOOTFALL_SITES = Contract(
    name="footfall_sites",
    description="Candidate sites of a foot-traffic study (optional; names and coordinates for the outputs).",
    key=("site_id",),
    filled_by_later_issue=True,
    columns=(
        C("site_id", "string", "Site", "SITE-A"),
        C("site_name", "string", "Name", "Wulin Square north gate"),
        C("address", "string", "Address", "Yan'an Rd 1, Hangzhou", required=False, nullable=True),
        C("latitude", "decimal", "Latitude", "30.27", required=False, nullable=True, min_value=-90, max_value=90),
        C("longitude", "decimal", "Longitude", "120.16", required=False, nullable=True, min_value=-180,
          max_value=180),
        C("candidate_type", "string", "Store format considered", "terminal_store", required=False,
          nullable=True),
    ),
)

FOOTFALL_REFERENCE = Contract(
    name="footfall_reference",
    description="Hourly counts from automatic counters (optional), used to learn time-of-day and day-of-week "
                "profiles for expanding short manual counts; without it a built-in default profile is used.",
    key=("counter_id", "hour_start"),
    filled_by_later_issue=True,
    columns=(
        C("counter_id", "string", "Automatic counter", "CNT01"),
        C("hour_start", "timestamp", "Start of the hour (local time, on the hour)", "2026-06-01 10:00:00"),
        C("count", "int", "Passers-by in the hour", "412", min_value=0, max_value=500_000),
    ),
    row_rules=(
        RowRule("on_the_hour", "minute(hour_start) = 0 AND second(hour_start) = 0",
                "hour_start must be on the hour, like 2026-06-01 10:00:00", ("hour_start",)),
    ),
)

FOOTFALL_HOLIDAYS = Contract(
    name="footfall_holidays",
    description="Public holidays of the study's city (optional): these dates get the holiday day type in the "
                "profile and the estimates. When delivered, they replace the built-in list (mainland China "
                "2025-26 in pipelines/config/footfall.yaml). The other day types (Monday..Sunday each its own, "
                "Saturday and Sunday the weekend) are the study's settings: `day_types` in its footfall settings "
                "file (SALESOPS_FOOTFALL_CONFIG), e.g. a Friday-Saturday weekend or pooled weekdays.",
    key=("holiday_date",),
    filled_by_later_issue=True,
    columns=(
        C("holiday_date", "date", "A public holiday (one row per day of a multi-day holiday)", "2026-10-01"),
        C("holiday_name", "string", "Its name", "National Day", required=False, nullable=True),
    ),
)

# Load order: referenced sources before the sources that reference them.
ALL_CONTRACTS: tuple[Contract, ...] = (
    REGIONS, REPS, CUSTOMERS, PRODUCTS, SALES_LINES, RETURNS, COLLECTIONS, INVENTORY_SNAPSHOTS,
    SELL_OUT, REP_CHECKINS, VISITS, REP_REPORTS, EXPENSES, BUDGETS, TARGETS,
    FOOTFALL_SITES, FOOTFALL_COUNTS, FOOTFALL_REFERENCE, FOOTFALL_HOLIDAYS,
)
