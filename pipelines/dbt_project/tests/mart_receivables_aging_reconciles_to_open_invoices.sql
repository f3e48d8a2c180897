{{ config(meta={'dagster': {'ref': {'name': 'mart_receivables_aging'}}, 'description': 'the aged receivables add up to the open balances of the invoices'}) }}
-- the aged receivables add up to the open balances of the invoices
WITH this_side AS (
    SELECT 0, sum(receivables_balance) FROM {{ ref('mart_receivables_aging') }}
),
other_side AS (
    SELECT 0, sum(open_balance) FILTER (WHERE open_balance > 0) FROM {{ ref('int_invoice_balances') }}
)
{{ totals_disagree('this_side', 'other_side') }}
