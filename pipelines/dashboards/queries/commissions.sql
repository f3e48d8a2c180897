-- Commission (提成) per rep and period on collected sales, periods that end on or after a date.
SELECT c.rep_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.region_id, c.period_type, c.period_start,
       c.collected_amount, c.commission, c.effective_rate, c.marginal_rate
FROM mart_commission_rep_period c
LEFT JOIN dim_rep r USING (rep_id)
WHERE c.period_start >= CAST($since AS DATE) - INTERVAL 1 YEAR
ORDER BY c.commission DESC
