-- Each customer's money flows per month: invoiced sales (with margin, invoices, products), returns and cash
-- collected. The one place these sums are taken per customer; marts, collections and the PM bonus read it.
{{ flows_by_month('customer_id', [
    ('sales_amount', 'sum(amount)'), ('gross_margin', 'sum(gross_margin)'),
    ('invoices', 'count(DISTINCT invoice_id)'), ('products_bought', 'count(DISTINCT product_id)')]) }}
