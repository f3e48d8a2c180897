SELECT
    s.invoice_id, s.line_no, s.invoice_date,
    {{ month_start('s.invoice_date') }} AS month_start,
    s.customer_id, s.rep_id, s.product_id, c.region_id, c.customer_type,
    s.qty, s.unit_price, s.discount_pct, s.amount,
    s.qty * p.unit_cost AS cost,
    s.amount - s.qty * p.unit_cost AS gross_margin,
    coalesce(s.payment_terms_days, c.credit_days, 30) AS payment_terms_days,
    CAST({{ dbt.dateadd("day", "CAST(coalesce(s.payment_terms_days, c.credit_days, 30) AS INTEGER)", "s.invoice_date") }} AS DATE)
        AS due_date,
    {{ dbt.datediff("s.invoice_date", dbt.last_day("s.invoice_date", "month"), "day") }} < 5 AS in_last_5_days
FROM {{ source('salesops', 'stg_sales_lines') }} s
JOIN {{ ref('dim_customer') }} c USING (customer_id)
LEFT JOIN {{ ref('dim_product') }} p USING (product_id)
WHERE s.invoice_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
