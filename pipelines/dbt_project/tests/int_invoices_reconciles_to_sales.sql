{{ config(meta={'dagster': {'ref': {'name': 'int_invoices'}}, 'description': 'invoices hold every sales line up to the as-of date'}) }}
-- invoices hold every sales line up to the as-of date
WITH this_side AS (
    SELECT 0, sum(amount) FROM {{ ref('fct_sales_lines') }}
),
other_side AS (
    SELECT 0, sum(invoice_amount) FROM {{ ref('int_invoices') }}
)
{{ totals_disagree('this_side', 'other_side') }}
