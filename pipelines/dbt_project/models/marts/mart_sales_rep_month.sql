-- Per rep and month: sales, margin and buying customers, returns and cash collected (the flows_by_month macro),
-- with the rep's department. Lines without a rep are left out here (they are in the department's figures).
WITH flows AS (
    {{ flows_by_month('rep_id', [
        ('sales_amount', 'sum(amount)'), ('gross_margin', 'sum(gross_margin)'),
        ('buying_customers', 'count(DISTINCT customer_id)')]) }}
)
SELECT f.rep_id, coalesce(d.region_id, 'UNKNOWN') AS region_id, f.month_start, f.sales_amount, f.gross_margin,
       f.buying_customers, f.returns_amount, f.collected_amount
FROM flows f
LEFT JOIN {{ ref('dim_rep') }} d USING (rep_id)
WHERE f.rep_id IS NOT NULL
