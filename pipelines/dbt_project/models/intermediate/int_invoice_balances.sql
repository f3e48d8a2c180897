-- Allocation rule (docs/metrics.md#receivables):
-- 1. A receipt (or a return credit) that names an invoice of the same customer pays that invoice.
-- 2. What exceeds the invoice's amount, and every receipt or return that names no invoice of that customer,
--    joins the customer's unallocated pool.
-- 3. The pool pays the customer's oldest open invoices first (invoice_date, then invoice_id): FIFO.
-- 4. A pool larger than all open invoices is the customer's unapplied credit (mart_receivables_aging).
WITH direct AS (
    SELECT invoice_id,
           coalesce(sum(amount) FILTER (WHERE kind = 'receipt'), 0) AS direct_collected,
           coalesce(sum(amount) FILTER (WHERE kind = 'return'), 0) AS returns_credited
    FROM {{ ref('int_invoice_credits') }} WHERE is_named GROUP BY invoice_id
),
after_direct AS (
    SELECT i.*, coalesce(d.direct_collected, 0) AS direct_collected,
           coalesce(d.returns_credited, 0) AS returns_credited,
           greatest(i.invoice_amount - coalesce(d.direct_collected, 0) - coalesce(d.returns_credited, 0), 0)
               AS open_after_direct,
           greatest(coalesce(d.direct_collected, 0) + coalesce(d.returns_credited, 0) - i.invoice_amount, 0)
               AS excess_credit
    FROM {{ ref('int_invoices') }} i
    LEFT JOIN direct d USING (invoice_id)
),
pool AS (
    SELECT customer_id, sum(amount) AS pool_amount FROM (
        SELECT customer_id, amount FROM {{ ref('int_invoice_credits') }} WHERE NOT is_named
        UNION ALL
        SELECT customer_id, excess_credit FROM after_direct WHERE excess_credit > 0
    ) GROUP BY customer_id
),
fifo AS (
    -- Only open invoices of customers with a pool take part (the others keep fifo_applied = 0).
    SELECT a.invoice_id,
           least(a.open_after_direct, greatest(p.pool_amount - coalesce(
               sum(a.open_after_direct) OVER (PARTITION BY a.customer_id ORDER BY a.invoice_date, a.invoice_id
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 0))
               AS fifo_applied
    FROM after_direct a
    JOIN pool p USING (customer_id)
    WHERE a.open_after_direct > 0
)
SELECT
    b.invoice_id, b.customer_id, c.region_id, b.rep_id, c.rep_id AS owner_rep_id,
    b.invoice_date, b.due_date, b.invoice_amount, b.direct_collected, b.returns_credited,
    coalesce(f.fifo_applied, 0) AS fifo_applied,
    b.open_after_direct - coalesce(f.fifo_applied, 0) AS open_balance,
    date_diff('day', b.invoice_date, p.as_of) AS age_days,
    greatest(date_diff('day', b.due_date, p.as_of), 0) AS days_overdue,
    CASE WHEN date_diff('day', b.invoice_date, p.as_of) <= 30 THEN '0-30'
         WHEN date_diff('day', b.invoice_date, p.as_of) <= 60 THEN '31-60'
         WHEN date_diff('day', b.invoice_date, p.as_of) <= 90 THEN '61-90'
         WHEN date_diff('day', b.invoice_date, p.as_of) <= 180 THEN '91-180'
         ELSE 'over 180' END AS aging_bucket
FROM after_direct b
CROSS JOIN {{ source('salesops', 'build_params') }} p
LEFT JOIN fifo f USING (invoice_id)
LEFT JOIN {{ ref('dim_customer') }} c ON c.customer_id = b.customer_id
-- Fully paid invoices are left out (a cent of float rounding is not an open balance).
WHERE b.open_after_direct - coalesce(f.fifo_applied, 0) > 0.005
