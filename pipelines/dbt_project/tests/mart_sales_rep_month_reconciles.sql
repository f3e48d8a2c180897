{{ config(meta={'dagster': {'ref': {'name': 'mart_sales_rep_month'}}, 'description': 'monthly rep sales add up to the facts'}) }}
-- monthly rep sales add up to the facts
WITH this_side AS (
    SELECT 0, sum(sales_amount) FROM {{ ref('mart_sales_rep_month') }}
),
other_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_sales_lines') }}
)
{{ totals_disagree('this_side', 'other_side') }}
