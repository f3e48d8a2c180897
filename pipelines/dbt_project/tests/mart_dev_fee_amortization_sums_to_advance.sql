{{ config(meta={'dagster': {'ref': {'name': 'mart_dev_fee_amortization'}}, 'description': "every advance's schedule adds up to the amount advanced"}) }}
-- every advance's schedule adds up to the amount advanced
SELECT expense_id, sum(amortization) AS scheduled, any_value(advance_amount) AS advanced
FROM {{ ref('mart_dev_fee_amortization') }}
GROUP BY expense_id
HAVING abs(sum(amortization) - any_value(advance_amount)) > 0.005
