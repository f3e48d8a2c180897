-- Stock-out risk per location and product with the recommended reorder, riskiest first; a distributor's
-- stock carries the distributor's region, company warehouses have none.
SELECT s.location_id, s.location_type, coalesce(c.customer_name, s.location_id) AS location_name,
       c.region_id, s.product_id, coalesce(s.product_name, s.product_id) AS product_name, s.on_hand_estimate,
       s.days_of_cover, s.daily_demand, s.lead_time_days, s.reorder_point, s.recommended_reorder_qty,
       s.probability, s.risk_band, s.driver_1, s.driver_2, s.driver_3,
       s.driver_1_zh, s.driver_2_zh, s.driver_3_zh, s.scored_by
FROM risk_stockout s
LEFT JOIN dim_customer c ON c.customer_id = s.location_id AND s.location_type = 'distributor'
ORDER BY s.probability DESC
