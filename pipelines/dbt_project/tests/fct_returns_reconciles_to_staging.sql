{{ config(meta={'dagster': {'ref': {'name': 'fct_returns'}}, 'description': 'fct_returns holds every accepted return up to the as-of date'}) }}
-- fct_returns holds every accepted return up to the as-of date
WITH this_side AS (
    SELECT count(*), sum(amount) FROM {{ source('salesops', 'stg_returns') }} WHERE return_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
),
other_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('fct_returns') }}
)
{{ totals_disagree('this_side', 'other_side') }}
