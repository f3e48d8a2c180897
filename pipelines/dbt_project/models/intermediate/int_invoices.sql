-- The one invoice definition: metrics, receivables, customer purchase days and the risk features all read it.
-- An invoice is its lines sharing a number; one whose lines carry different terms falls due on the earliest of
-- their due dates. Money is summed exactly (exact_money): totals do not depend on the order rows are added in.
SELECT
    invoice_id,
    any_value(customer_id) AS customer_id,
    any_value(rep_id) AS rep_id,
    min(invoice_date) AS invoice_date,
    {{ month_start('min(invoice_date)') }} AS month_start,
    arg_min(in_last_5_days, invoice_date) AS in_last_5_days,
    min(due_date) AS due_date,
    sum({{ exact_money('amount') }}) AS invoice_amount,
    count(*) AS line_count,
    sum({{ exact_money('amount * discount_pct') }}) AS discount_amount,
    -- amount x payment terms: divided by the amount, the amount-weighted terms in days
    sum({{ exact_money('amount * payment_terms_days') }}) AS terms_amount
FROM {{ ref('fct_sales_lines') }}
GROUP BY invoice_id
