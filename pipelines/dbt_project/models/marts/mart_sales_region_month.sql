-- Per department (region) and month: sales, quantity, margin, invoices and buying customers, returns and cash
-- collected (the flows_by_month macro, the same sums int_sales_customer_month takes per customer).
{{ flows_by_month('region_id', [
    ('sales_amount', 'sum(amount)'), ('sales_qty', 'sum(qty)'), ('gross_margin', 'sum(gross_margin)'),
    ('invoices', 'count(DISTINCT invoice_id)'), ('buying_customers', 'count(DISTINCT customer_id)')]) }}
