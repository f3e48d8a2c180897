SELECT m.customer_id, d.customer_type, d.region_id, d.rep_id, m.month_start,
       m.sales_amount, m.gross_margin, m.invoices, m.products_bought, m.returns_amount, m.collected_amount
FROM {{ ref('int_sales_customer_month') }} m
LEFT JOIN {{ ref('dim_customer') }} d USING (customer_id)
