{{ config(meta={'dagster': {'ref': {'name': 'mart_sales_region_month'}}, 'description': 'monthly regional sales and collections add up to the facts'}) }}
-- monthly regional sales and collections add up to the facts
WITH this_side AS (
    SELECT 0, sum(sales_amount) + sum(collected_amount) FROM {{ ref('mart_sales_region_month') }}
),
other_side AS (
    SELECT 0, (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_sales_lines') }}) + (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_collections') }})
)
{{ totals_disagree('this_side', 'other_side') }}
