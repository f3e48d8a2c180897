{{ config(meta={'dagster': {'ref': {'name': 'mart_collections_region_month'}}, 'description': 'monthly collections by region add up to every receipt up to the as-of date'}) }}
-- monthly collections by region add up to every receipt up to the as-of date
WITH this_side AS (
    SELECT 0, sum(collected_amount) FROM {{ ref('mart_collections_region_month') }}
),
other_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_collections') }}
)
{{ totals_disagree('this_side', 'other_side') }}
