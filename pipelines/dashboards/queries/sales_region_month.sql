-- Sales, collections, gross margin and returns per region and month (overview, collections).
SELECT region_id, month_start, sales_amount, collected_amount, gross_margin, returns_amount
FROM mart_sales_region_month
