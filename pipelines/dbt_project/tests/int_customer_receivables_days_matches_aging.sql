{{ config(meta={'dagster': {'ref': {'name': 'int_customer_receivables_days'}}, 'description': "each customer's open balance by day ends at the aging's net balance"}) }}
-- each customer's open balance by day ends at the aging's net balance (invoiced - collected - returned)
WITH last_balance AS (
    SELECT customer_id, arg_max(open_balance, day) AS open_balance
    FROM {{ ref('int_customer_receivables_days') }} GROUP BY customer_id
)
SELECT coalesce(b.customer_id, a.customer_id) AS customer_id, b.open_balance, a.net_balance
FROM last_balance b
FULL JOIN {{ ref('mart_receivables_aging') }} a USING (customer_id)
WHERE abs(coalesce(b.open_balance, 0) - coalesce(a.net_balance, 0)) > 0.01
