-- Customers whose last purchase is at least $days days before the as-of date, longest silence first.
SELECT a.customer_id, a.customer_name, a.customer_type, a.region_id, a.rep_id, f.first_invoice_date,
       f.last_invoice_date, date_diff('day', f.last_invoice_date, b.as_of) AS days_since_last_purchase,
       a.abc_tier, a.collected_12m
FROM int_customer_first_invoice f
CROSS JOIN build_params b
JOIN mart_customer_abc a USING (customer_id)
WHERE date_diff('day', f.last_invoice_date, b.as_of) >= $days
ORDER BY days_since_last_purchase DESC, customer_id
