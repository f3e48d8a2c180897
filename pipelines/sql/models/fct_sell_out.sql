-- Distributors' sales to terminals, valued at standard cost for channel turnover.
SELECT
    s.sell_out_id, s.sale_date, CAST(date_trunc('month', s.sale_date) AS DATE) AS month_start,
    s.distributor_id, coalesce(c.region_id, 'UNKNOWN') AS region_id, c.rep_id, s.terminal_id,
    s.product_id, s.qty, s.amount, s.qty * p.unit_cost AS cost
FROM stg_sell_out s
LEFT JOIN dim_customer c ON c.customer_id = s.distributor_id
LEFT JOIN dim_product p USING (product_id)
WHERE s.sale_date <= (SELECT as_of FROM build_params)
