{{ config(meta={'dagster': {'ref': {'name': 'mart_collections_overdue_watchlist'}}, 'description': 'the watchlist holds every overdue amount of the aging'}) }}
-- the watchlist holds every overdue amount of the aging
WITH this_side AS (
    SELECT 0, sum(overdue_amount) FROM {{ ref('mart_collections_overdue_watchlist') }}
),
other_side AS (
    SELECT 0, sum(overdue_amount) FROM {{ ref('mart_receivables_aging') }}
)
{{ totals_disagree('this_side', 'other_side') }}
