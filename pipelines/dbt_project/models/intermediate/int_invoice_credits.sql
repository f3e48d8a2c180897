-- of the same customer) with that invoice's due date: the input of the receivables allocation.
WITH credits AS (
    SELECT 'receipt' AS kind, customer_id, month_start, amount, invoice_id AS named_invoice_id FROM {{ ref('fct_collections') }}
    UNION ALL
    SELECT 'return', customer_id, month_start, amount, original_invoice_id FROM {{ ref('fct_returns') }}
)
SELECT
    c.kind, c.customer_id, c.month_start, c.amount,
    i.invoice_id IS NOT NULL AS is_named,
    i.invoice_id, i.due_date
FROM credits c
LEFT JOIN {{ ref('int_invoices') }} i ON i.invoice_id = c.named_invoice_id AND i.customer_id = c.customer_id
