-- Per rep, month and metric: this month against the previous one (环比) and the same month last year (同比).
-- The shape is the period_compare macro's, shared with mart_period_compare_region_month; expenses without a rep
-- are left out here (they are in the department's figures).
{{ period_compare('rep_id', 'mart_sales_rep_month', expense_filter="WHERE rep_id IS NOT NULL") }}
