-- Limits from int_metric_params (bad_debt_age_days, bad_debt_overdue_days, bad_debt_no_receipt_days).
-- amount_at_risk = open balance of invoices older than the age limit or overdue more than the overdue limit.
WITH p AS (SELECT * FROM {{ ref('int_metric_params') }} CROSS JOIN {{ source('salesops', 'build_params') }}),
risky AS (
    SELECT i.customer_id,
           sum(i.open_balance) AS amount_at_risk,
           coalesce(sum(i.open_balance) FILTER (WHERE i.age_days > p.bad_debt_age_days), 0) AS amount_aged_out,
           coalesce(sum(i.open_balance) FILTER (WHERE i.days_overdue > p.bad_debt_overdue_days), 0)
               AS amount_long_overdue,
           max(i.days_overdue) AS max_days_overdue
    FROM {{ ref('int_invoice_balances') }} i CROSS JOIN p
    WHERE i.open_balance > 0.005 AND (i.age_days > p.bad_debt_age_days OR i.days_overdue > p.bad_debt_overdue_days)
    GROUP BY i.customer_id
),
last_receipt AS (SELECT customer_id, max(receipt_date) AS last_receipt_date FROM {{ ref('fct_collections') }} GROUP BY customer_id),
scored AS (
    SELECT r.*, l.last_receipt_date,
           date_diff('day', l.last_receipt_date, p.as_of) AS days_since_last_receipt,
           r.amount_aged_out > 0.005 AS has_aged_out_balance,
           r.amount_long_overdue > 0.005
               AND coalesce(date_diff('day', l.last_receipt_date, p.as_of) > p.bad_debt_no_receipt_days, true)
               AS overdue_without_receipts,
           p.bad_debt_age_days, p.bad_debt_overdue_days, p.bad_debt_no_receipt_days, p.as_of
    FROM risky r
    CROSS JOIN p
    LEFT JOIN last_receipt l ON l.customer_id = r.customer_id
)
SELECT
    s.customer_id, c.customer_name, c.region_id, c.rep_id, c.customer_type,
    s.amount_at_risk, s.amount_aged_out, s.amount_long_overdue, s.max_days_overdue,
    a.receivables_balance, s.last_receipt_date, s.days_since_last_receipt,
    date_diff('day', li.last_invoice_date, s.as_of) AS days_since_last_invoice,
    concat_ws('; ',
        CASE WHEN s.has_aged_out_balance THEN format('open amount older than {} days', s.bad_debt_age_days) END,
        CASE WHEN s.overdue_without_receipts THEN format('overdue more than {} days and no receipt for {} days',
                                                         s.bad_debt_overdue_days, s.bad_debt_no_receipt_days) END
    ) AS reason
FROM scored s
LEFT JOIN {{ ref('dim_customer') }} c ON c.customer_id = s.customer_id
LEFT JOIN {{ ref('mart_receivables_aging') }} a ON a.customer_id = s.customer_id
LEFT JOIN {{ ref('int_customer_first_invoice') }} li ON li.customer_id = s.customer_id
WHERE s.has_aged_out_balance OR s.overdue_without_receipts
