-- Per customer and month: invoiced, collected and returned, and the receivables balance at the month's start
-- and end with the part not yet due. The collection KPIs (DSO, CEI, collection rate) are taken from these sums at
-- any grain by the collection_kpis macro (macros/collection_kpis.sql).
-- The closing balance is invoiced - collected - returned to date (exact whatever the allocation). The part not
-- yet due at the month's end (the as-of date for the as-of month) follows the allocation rule of
-- int_invoice_balances: invoices not yet due keep what the credits naming them have not paid, unallocated cash
-- clears older invoices first, so current = clamp(closing balance, 0, not-yet-due invoices' unpaid amounts).
-- The unpaid amounts are summed with +/- events per month (an invoice adds its amount from its month until the
-- last month-end before it falls due; a credit naming it takes its amount off from the credit's month).
-- Months with no flow and no balance are left out (sums over months are unchanged by them).
WITH params AS (SELECT as_of, CAST(date_trunc('month', as_of) AS DATE) AS as_of_month FROM {{ source('salesops', 'build_params') }}),
grid AS (
    SELECT f.customer_id, CAST(m AS DATE) AS month_start
    FROM (SELECT customer_id, min(month_start) AS first_month FROM {{ ref('int_sales_customer_month') }} GROUP BY customer_id) f
    CROSS JOIN params p,
    range(f.first_month, p.as_of_month + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS t(m)
),
balances AS (
    SELECT g.customer_id, g.month_start,
           coalesce(f.sales_amount, 0) AS invoiced_amount, coalesce(f.collected_amount, 0) AS collected_amount,
           coalesce(f.returns_amount, 0) AS returned_amount,
           sum(coalesce(f.sales_amount, 0) - coalesce(f.collected_amount, 0) - coalesce(f.returns_amount, 0))
               OVER (PARTITION BY g.customer_id ORDER BY g.month_start) AS closing_balance
    FROM grid g
    LEFT JOIN {{ ref('int_sales_customer_month') }} f USING (customer_id, month_start)
),
not_due_window AS (
    -- The months whose end (or the as-of date) falls on or before the due date: first_month .. last_month.
    SELECT i.invoice_id, i.customer_id, i.invoice_amount,
           CAST(date_trunc('month', i.invoice_date) AS DATE) AS first_month,
           CASE WHEN i.due_date >= p.as_of THEN p.as_of_month
                WHEN i.due_date = last_day(i.due_date) THEN CAST(date_trunc('month', i.due_date) AS DATE)
                ELSE CAST(date_trunc('month', i.due_date) - INTERVAL 1 MONTH AS DATE) END AS last_month
    FROM {{ ref('int_invoices') }} i CROSS JOIN params p
),
early_credits AS (
    -- Credits naming an invoice, received while it is not yet due (same window rule as above).
    SELECT * FROM (
        SELECT c.customer_id, c.month_start, c.amount,
               CASE WHEN c.due_date >= p.as_of THEN p.as_of_month
                    WHEN c.due_date = last_day(c.due_date) THEN CAST(date_trunc('month', c.due_date) AS DATE)
                    ELSE CAST(date_trunc('month', c.due_date) - INTERVAL 1 MONTH AS DATE) END AS last_month
        FROM {{ ref('int_invoice_credits') }} c CROSS JOIN params p
        WHERE c.is_named
    ) WHERE month_start <= last_month
),
events AS (
    SELECT customer_id, first_month AS month_start, invoice_amount AS delta
    FROM not_due_window WHERE last_month >= first_month
    UNION ALL
    SELECT customer_id, CAST(last_month + INTERVAL 1 MONTH AS DATE), -invoice_amount
    FROM not_due_window WHERE last_month >= first_month
    UNION ALL
    SELECT customer_id, month_start, -amount FROM early_credits
    UNION ALL
    SELECT customer_id, CAST(last_month + INTERVAL 1 MONTH AS DATE), amount FROM early_credits
),
not_due AS (
    SELECT customer_id, month_start,
           sum(sum(delta)) OVER (PARTITION BY customer_id ORDER BY month_start) AS not_due_unpaid
    FROM events GROUP BY customer_id, month_start
),
monthly AS (
    SELECT
        b.customer_id, b.month_start, b.invoiced_amount, b.collected_amount, b.returned_amount, b.closing_balance,
        greatest(b.closing_balance - (b.invoiced_amount - b.collected_amount - b.returned_amount), 0)
            AS opening_receivables,
        greatest(b.closing_balance, 0) AS closing_receivables,
        greatest(least(b.closing_balance, coalesce(n.not_due_unpaid, 0)), 0) AS closing_current
    FROM balances b
    ASOF LEFT JOIN not_due n ON n.customer_id = b.customer_id AND n.month_start <= b.month_start
)
SELECT
    m.customer_id, m.month_start, d.region_id, d.rep_id,
    m.invoiced_amount, m.collected_amount, m.returned_amount,
    m.opening_receivables, m.closing_receivables, m.closing_current
FROM monthly m
LEFT JOIN {{ ref('dim_customer') }} d ON d.customer_id = m.customer_id
WHERE m.invoiced_amount <> 0 OR m.collected_amount <> 0 OR m.returned_amount <> 0
   OR abs(m.closing_balance) > 0.005
   OR abs(m.closing_balance - (m.invoiced_amount - m.collected_amount - m.returned_amount)) > 0.005
