{{ config(meta={'dagster': {'ref': {'name': 'fct_collections'}}, 'description': 'fct_collections holds every accepted receipt up to the as-of date'}) }}
-- fct_collections holds every accepted receipt up to the as-of date
WITH this_side AS (
    SELECT count(*), sum(amount) FROM {{ source('salesops', 'stg_collections') }} WHERE receipt_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
),
other_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('fct_collections') }}
)
{{ totals_disagree('this_side', 'other_side') }}
