-- DSO and collection rate per region and month.
SELECT region_id, month_start, invoiced_amount, collected_amount, closing_receivables, dso, collection_rate
FROM mart_collections_region_month
