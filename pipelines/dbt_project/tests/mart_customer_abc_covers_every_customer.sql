{{ config(meta={'dagster': {'ref': {'name': 'mart_customer_abc'}}, 'description': 'every customer gets a tier'}) }}
-- every customer gets a tier
WITH this_side AS (
    SELECT count(*), 0 FROM {{ ref('mart_customer_abc') }}
),
other_side AS (
    SELECT count(*), 0 FROM {{ ref('dim_customer') }}
)
{{ totals_disagree('this_side', 'other_side') }}
