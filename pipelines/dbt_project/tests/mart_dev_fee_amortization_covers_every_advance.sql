{{ config(meta={'dagster': {'ref': {'name': 'mart_dev_fee_amortization'}}, 'description': 'every advance up to the as-of date has a schedule'}) }}
-- every advance up to the as-of date has a schedule
WITH this_side AS (
    SELECT count(DISTINCT expense_id), 0 FROM {{ ref('mart_dev_fee_amortization') }}
),
other_side AS (
    SELECT count(*), 0 FROM {{ ref('fct_expenses') }} WHERE is_advance
)
{{ totals_disagree('this_side', 'other_side') }}
