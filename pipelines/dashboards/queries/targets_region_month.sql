-- Monthly sales and collection targets per region (for the overview cards and trend).
SELECT region_id, month_start, metric, sum(target_value) AS target
FROM mart_targets_rep_month
WHERE product_id IS NULL AND metric IN ('sales', 'collections')
GROUP BY ALL
