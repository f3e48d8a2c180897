-- The responsible rep is the customer's current owner; priority: critical > 90 days overdue, high > 30, else watch.
WITH overdue AS (
    SELECT customer_id,
           sum(open_balance) AS overdue_amount,
           count(*) AS overdue_invoices,
           max(days_overdue) AS max_days_overdue,
           min(due_date) AS oldest_due_date,
           coalesce(sum(open_balance) FILTER (WHERE days_overdue > 90), 0) AS overdue_over_90_days
    FROM {{ ref('int_invoice_balances') }}
    WHERE days_overdue > 0 AND open_balance > 0.005
    GROUP BY customer_id
),
last_receipt AS (SELECT customer_id, max(receipt_date) AS last_receipt_date FROM {{ ref('fct_collections') }} GROUP BY customer_id)
SELECT
    c.rep_id, r.rep_name, r.manager_rep_id, c.region_id, o.customer_id, c.customer_name, c.customer_type,
    o.overdue_amount, o.overdue_invoices, o.max_days_overdue, o.oldest_due_date, o.overdue_over_90_days,
    a.receivables_balance,
    l.last_receipt_date,
    date_diff('day', l.last_receipt_date, (SELECT as_of FROM {{ source('salesops', 'build_params') }})) AS days_since_last_receipt,
    CASE WHEN o.max_days_overdue > 90 THEN 'critical' WHEN o.max_days_overdue > 30 THEN 'high' ELSE 'watch' END
        AS priority,
    row_number() OVER (PARTITION BY c.rep_id ORDER BY o.overdue_amount DESC, o.customer_id) AS rank_in_rep
FROM overdue o
LEFT JOIN {{ ref('dim_customer') }} c USING (customer_id)
LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = c.rep_id
LEFT JOIN {{ ref('mart_receivables_aging') }} a USING (customer_id)
LEFT JOIN last_receipt l USING (customer_id)
