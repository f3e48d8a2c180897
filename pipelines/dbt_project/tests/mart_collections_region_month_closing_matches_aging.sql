{{ config(meta={'dagster': {'ref': {'name': 'mart_collections_region_month'}}, 'description': "the as-of month's closing receivables equal the aged receivables"}) }}
-- the as-of month's closing receivables equal the aged receivables
WITH this_side AS (
    SELECT 0, sum(closing_receivables) FROM {{ ref('mart_collections_region_month') }} WHERE month_start = CAST(date_trunc('month', (SELECT as_of FROM {{ source('salesops', 'build_params') }})) AS DATE)
),
other_side AS (
    SELECT 0, sum(receivables_balance) FROM {{ ref('mart_receivables_aging') }}
)
{{ totals_disagree('this_side', 'other_side') }}
