-- The biggest overdue customers of every rep (top $per_rep each), biggest first.
SELECT coalesce(rep_name, rep_id, '?') AS rep_name, rep_id, region_id, customer_id,
       coalesce(customer_name, customer_id) AS customer_name, overdue_amount, overdue_invoices, max_days_overdue,
       overdue_over_90_days, days_since_last_receipt, priority
FROM mart_collections_overdue_watchlist
WHERE rank_in_rep <= $per_rep
ORDER BY overdue_amount DESC
