{{ config(meta={'dagster': {'ref': {'name': 'mart_expense_month'}}, 'description': 'monthly expenses add up to every voucher up to the as-of date'}) }}
-- monthly expenses add up to every voucher up to the as-of date
WITH this_side AS (
    SELECT sum(vouchers), sum(expense_amount) FROM {{ ref('mart_expense_month') }}
),
other_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('fct_expenses') }}
)
{{ totals_disagree('this_side', 'other_side') }}
