-- Every receipt and return credit with the invoice it names, when that is an invoice of the same customer, and
-- that invoice's due date: the input of the receivables allocation (int_invoice_balances) and of the receivables
-- by day (int_customer_receivables_days).
WITH credits AS (
    SELECT 'receipt' AS kind, customer_id, receipt_date AS credit_date, month_start, amount,
           invoice_id AS named_invoice_id
    FROM {{ ref('fct_collections') }}
    UNION ALL
    SELECT 'return', customer_id, return_date, month_start, amount, original_invoice_id FROM {{ ref('fct_returns') }}
)
SELECT
    c.kind, c.customer_id, c.credit_date, c.month_start, c.amount,
    i.invoice_id IS NOT NULL AS is_named,
    i.invoice_id, i.due_date
FROM credits c
LEFT JOIN {{ ref('int_invoices') }} i ON i.invoice_id = c.named_invoice_id AND i.customer_id = c.customer_id
