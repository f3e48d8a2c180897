-- Each customer's receivables on every day they change, so the open and overdue balances at any date are the
-- last row on or before it (the risk features read them at every past snapshot; the aging reads the as-of date).
-- Open balance: everything invoiced minus everything collected or credited (returns) up to the end of the day,
-- whatever the allocation. Overdue balance: the allocation rule of int_invoice_balances (credits naming an invoice
-- pay it first, the rest pays the oldest invoices first) in running sums: amounts become overdue the day after
-- their due date; every credit settles them, except what a credit naming an invoice not yet due pays of that
-- invoice (prepaid), which counts only from the day that invoice falls overdue. This is the aging's overdue
-- exactly when a customer's invoices fall due in the order they were issued.
WITH named AS (
    SELECT invoice_id, credit_date, sum({{ exact_money('amount') }}) AS amount
    FROM {{ ref('int_invoice_credits') }} WHERE is_named GROUP BY invoice_id, credit_date
),
prepaid AS (
    -- each named credit's share of its invoice (never more than the invoice's amount), if paid by the due date
    SELECT customer_id, credit_date, due_date, {{ exact_money('paid') }} AS amount FROM (
        SELECT i.customer_id, n.credit_date, i.due_date,
               least(sum(n.amount) OVER w, i.invoice_amount)
                   - least(sum(n.amount) OVER w - n.amount, i.invoice_amount) AS paid
        FROM named n JOIN {{ ref('int_invoices') }} i USING (invoice_id)
        WINDOW w AS (PARTITION BY n.invoice_id ORDER BY n.credit_date)
    ) WHERE credit_date <= due_date
),
-- Every amount enters as exact_money's 18 digits: a union with the invoices' 38-digit sums would carry 128-bit
-- sums through the grouping below, which costs it about a quarter of its time.
events AS (
    SELECT customer_id, invoice_date AS day, {{ exact_money('invoice_amount') }} AS invoiced, 0 AS falls_overdue,
           0 AS collected,
           0 AS returns_credited, 0 AS prepaid_not_due, 0 AS named_receipts, 0 AS delay_amount
    FROM {{ ref('int_invoices') }}
    UNION ALL
    SELECT customer_id, {{ day_after('due_date') }}, 0, {{ exact_money('invoice_amount') }}, 0, 0, 0, 0, 0
    FROM {{ ref('int_invoices') }}
    UNION ALL
    SELECT customer_id, credit_date, 0, 0,
           CASE WHEN kind = 'receipt' THEN {{ exact_money('amount') }} ELSE 0 END,
           CASE WHEN kind = 'return' THEN {{ exact_money('amount') }} ELSE 0 END,
           0,
           CASE WHEN kind = 'receipt' AND is_named THEN {{ exact_money('amount') }} ELSE 0 END,
           CASE WHEN kind = 'receipt' AND is_named
                THEN {{ exact_money('amount * ' ~ dbt.datediff('due_date', 'credit_date', 'day')) }} ELSE 0 END
    FROM {{ ref('int_invoice_credits') }}
    UNION ALL
    SELECT customer_id, credit_date, 0, 0, 0, 0, amount, 0, 0 FROM prepaid
    UNION ALL
    SELECT customer_id, {{ day_after('due_date') }}, 0, 0, 0, 0, -amount, 0, 0 FROM prepaid
),
daily AS (
    SELECT customer_id, day, sum(invoiced) AS invoiced, sum(falls_overdue) AS falls_overdue,
           sum(collected) AS collected, sum(returns_credited) AS returns_credited,
           sum(prepaid_not_due) AS prepaid_not_due, sum(named_receipts) AS named_receipts,
           sum(delay_amount) AS delay_amount
    FROM events GROUP BY customer_id, day
)
SELECT
    customer_id, day, invoiced, falls_overdue, collected, returns_credited,
    collected + returns_credited AS settled,
    prepaid_not_due, named_receipts, delay_amount,
    sum(invoiced - collected - returns_credited) OVER w AS open_balance,
    greatest(sum(falls_overdue - collected - returns_credited + prepaid_not_due) OVER w, 0) AS overdue_balance
FROM daily
WINDOW w AS (PARTITION BY customer_id ORDER BY day)
