{{ config(meta={'dagster': {'ref': {'name': 'fct_expenses'}}, 'description': 'fct_expenses holds every accepted expense up to the as-of date'}) }}
-- fct_expenses holds every accepted expense up to the as-of date
WITH this_side AS (
    SELECT count(*), sum(amount) FROM {{ source('salesops', 'stg_expenses') }} WHERE expense_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
),
other_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('fct_expenses') }}
)
{{ totals_disagree('this_side', 'other_side') }}
