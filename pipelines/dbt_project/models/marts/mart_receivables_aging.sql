-- Age = days from invoice date to the as-of date; the buckets add up to receivables_balance. The responsible
-- rep is the customer's current owner. unapplied_credit is cash or credit notes not matched to any open invoice.
WITH open_items AS (
    SELECT customer_id,
           sum(open_balance) AS receivables_balance,
           sum(open_balance) FILTER (WHERE aging_bucket = '0-30') AS aged_0_30,
           sum(open_balance) FILTER (WHERE aging_bucket = '31-60') AS aged_31_60,
           sum(open_balance) FILTER (WHERE aging_bucket = '61-90') AS aged_61_90,
           sum(open_balance) FILTER (WHERE aging_bucket = '91-180') AS aged_91_180,
           sum(open_balance) FILTER (WHERE aging_bucket = 'over 180') AS aged_over_180,
           sum(open_balance) FILTER (WHERE days_overdue = 0) AS not_yet_due,
           sum(open_balance) FILTER (WHERE days_overdue > 0) AS overdue_amount,
           count(*) FILTER (WHERE open_balance > 0.005) AS open_invoices,
           min(invoice_date) FILTER (WHERE open_balance > 0.005) AS oldest_open_invoice_date,
           max(days_overdue) FILTER (WHERE open_balance > 0.005) AS max_days_overdue
    FROM {{ ref('int_invoice_balances') }}
    WHERE open_balance > 0
    GROUP BY customer_id
),
net AS (
    -- invoiced - collected - returned; negative means the customer has credit with us.
    SELECT customer_id, sum(sales_amount - collected_amount - returns_amount) AS net_balance
    FROM {{ ref('int_sales_customer_month') }} GROUP BY customer_id
)
SELECT
    n.customer_id, c.region_id, c.rep_id, c.customer_type,
    coalesce(o.receivables_balance, 0) AS receivables_balance,
    coalesce(o.aged_0_30, 0) AS aged_0_30,
    coalesce(o.aged_31_60, 0) AS aged_31_60,
    coalesce(o.aged_61_90, 0) AS aged_61_90,
    coalesce(o.aged_91_180, 0) AS aged_91_180,
    coalesce(o.aged_over_180, 0) AS aged_over_180,
    coalesce(o.not_yet_due, 0) AS not_yet_due,
    coalesce(o.overdue_amount, 0) AS overdue_amount,
    greatest(-n.net_balance, 0) AS unapplied_credit,
    n.net_balance,
    coalesce(o.open_invoices, 0) AS open_invoices,
    o.oldest_open_invoice_date,
    coalesce(o.max_days_overdue, 0) AS max_days_overdue
FROM net n
LEFT JOIN open_items o USING (customer_id)
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
WHERE o.customer_id IS NOT NULL OR abs(n.net_balance) > 0.005
