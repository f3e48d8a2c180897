{{ config(meta={'dagster': {'ref': {'name': 'mart_cross_region_sell_out'}}, 'description': 'the diverted lines and units add up to the sell-out lines judged cross-region'}) }}
-- the diverted lines and units add up to the sell-out lines judged cross-region
WITH this_side AS (
    SELECT coalesce(sum(lines), 0), sum(qty) FROM {{ ref('mart_cross_region_sell_out') }}
),
other_side AS (
    SELECT count(*), sum(qty) FROM {{ ref('int_sell_out_regions') }} WHERE is_cross_region
)
{{ totals_disagree('this_side', 'other_side') }}
