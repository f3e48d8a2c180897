-- Every receipt and return credit up to the as-of date, matched to the invoice it names (when that is an invoice
-- of the same customer) with that invoice's due date: the input of the receivables allocation.
-- group: metrics
WITH credits AS (
    SELECT 'receipt' AS kind, customer_id, month_start, amount, invoice_id AS named_invoice_id FROM fct_collections
    UNION ALL
    SELECT 'return', customer_id, month_start, amount, original_invoice_id FROM fct_returns
)
SELECT
    c.kind, c.customer_id, c.month_start, c.amount,
    i.invoice_id IS NOT NULL AS is_named,
    i.invoice_id, i.due_date
FROM credits c
LEFT JOIN int_invoices i ON i.invoice_id = c.named_invoice_id AND i.customer_id = c.customer_id
