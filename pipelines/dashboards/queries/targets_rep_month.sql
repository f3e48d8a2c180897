-- Monthly targets per rep with actuals and year-to-date sums (whole-business targets, not per product).
SELECT t.region_id, t.rep_id, coalesce(r.rep_name, t.rep_id) AS rep_name, t.month_start, t.metric,
       t.target_value, t.actual_value, t.target_ytd, t.actual_ytd
FROM mart_targets_rep_month t
LEFT JOIN dim_rep r USING (rep_id)
WHERE t.product_id IS NULL
