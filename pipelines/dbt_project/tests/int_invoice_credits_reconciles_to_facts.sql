{{ config(meta={'dagster': {'ref': {'name': 'int_invoice_credits'}}, 'description': 'the credits are every receipt and return up to the as-of date'}) }}
-- the credits are every receipt and return up to the as-of date
WITH this_side AS (
    SELECT count(*), sum(amount) FROM {{ ref('int_invoice_credits') }}
),
other_side AS (
    SELECT (SELECT count(*) FROM {{ ref('fct_collections') }}) + (SELECT count(*) FROM {{ ref('fct_returns') }}), (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_collections') }}) + (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_returns') }})
)
{{ totals_disagree('this_side', 'other_side') }}
