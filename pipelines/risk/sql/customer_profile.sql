-- Customer attributes that do not change with the snapshot date: type, size class, terms, owner.
SELECT customer_id, customer_name, customer_type, coalesce(scale, 'unknown') AS customer_scale, credit_days,
       opened_date, rep_id, region_id
FROM dim_customer
