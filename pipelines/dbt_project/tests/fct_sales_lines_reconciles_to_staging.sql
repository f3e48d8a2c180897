{{ config(meta={'dagster': {'ref': {'name': 'fct_sales_lines'}}, 'description': 'fct_sales_lines holds every accepted sales line up to the as-of date (rows and amount)'}) }}
-- fct_sales_lines holds every accepted sales line up to the as-of date (rows and amount)
WITH this_side AS (
    SELECT count(*), sum(amount) FROM {{ source('salesops', 'stg_sales_lines') }} WHERE invoice_date <= (SELECT as_of FROM {{ source('salesops', 'build_params') }})
),
other_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('fct_sales_lines') }}
)
{{ totals_disagree('this_side', 'other_side') }}
