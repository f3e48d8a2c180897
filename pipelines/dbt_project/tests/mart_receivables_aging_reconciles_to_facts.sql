{{ config(meta={'dagster': {'ref': {'name': 'mart_receivables_aging'}}, 'description': 'receivables minus unapplied credit = invoiced - collected - returned, up to the as-of date'}) }}
-- receivables minus unapplied credit = invoiced - collected - returned, up to the as-of date
WITH this_side AS (
    SELECT 0, sum(receivables_balance) - sum(unapplied_credit) FROM {{ ref('mart_receivables_aging') }}
),
other_side AS (
    SELECT 0, (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_sales_lines') }}) - (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_collections') }}) - (SELECT coalesce(sum(amount), 0) FROM {{ ref('fct_returns') }})
)
{{ totals_disagree('this_side', 'other_side') }}
