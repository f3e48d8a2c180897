SELECT
    invoice_id,
    any_value(customer_id) AS customer_id,
    any_value(rep_id) AS rep_id,
    min(invoice_date) AS invoice_date,
    min(due_date) AS due_date,
    sum(amount) AS invoice_amount
FROM {{ ref('fct_sales_lines') }}
GROUP BY invoice_id
