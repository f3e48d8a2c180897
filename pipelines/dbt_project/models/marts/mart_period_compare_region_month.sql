-- Per department (region), month and metric: this month against the previous one (环比) and the same month last
-- year (同比). The shape is the period_compare macro's, shared with mart_period_compare_rep_month.
{{ period_compare('region_id', 'mart_sales_region_month') }}
