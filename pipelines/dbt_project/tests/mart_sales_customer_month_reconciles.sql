{{ config(meta={'dagster': {'ref': {'name': 'mart_sales_customer_month'}}, 'description': 'monthly customer sales add up to the facts'}) }}
-- monthly customer sales add up to the facts
WITH this_side AS (
    SELECT 0, sum(sales_amount) FROM {{ ref('mart_sales_customer_month') }}
),
other_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_sales_lines') }}
)
{{ totals_disagree('this_side', 'other_side') }}
