-- Churn scores (流失预警) with the owning rep's name, riskiest first.
SELECT c.customer_id, coalesce(c.customer_name, c.customer_id) AS customer_name, c.customer_type, c.region_id,
       coalesce(r.rep_name, c.rep_id) AS rep_name, c.recency_days, c.usual_gap_days, c.sales_last_365_days,
       c.probability, c.risk_band, c.driver_1, c.driver_2, c.driver_3,
       c.driver_1_zh, c.driver_2_zh, c.driver_3_zh, c.scored_by
FROM risk_customer_churn c
LEFT JOIN dim_rep r USING (rep_id)
ORDER BY c.probability DESC, c.sales_last_365_days DESC
