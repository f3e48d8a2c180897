-- 非有效库存 per product with an excess, by month: int_non_effective_inventory for one bonus period kind.
SELECT product_id, product_name, category, period_start, month_start,
       company_stock_last_two_months, avg_monthly_sales, excess_value
FROM int_non_effective_inventory
WHERE period = $period AND excess_value > 0
