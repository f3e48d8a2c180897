{{ config(meta={'dagster': {'ref': {'name': 'mart_customer_abc'}}, 'description': 'no B or C customer collected more than an A customer (and no C more than a B)'}) }}
-- no B or C customer collected more than an A customer (and no C more than a B)
WITH tier_range AS (
    SELECT abc_tier, min(collected_12m) AS lowest, max(collected_12m) AS highest
    FROM {{ ref('mart_customer_abc') }}
    GROUP BY abc_tier
)
SELECT lower_tier.abc_tier AS lower_tier, higher_tier.abc_tier AS higher_tier,
       lower_tier.highest AS lower_tier_highest, higher_tier.lowest AS higher_tier_lowest
FROM tier_range lower_tier
JOIN tier_range higher_tier
  ON lower_tier.abc_tier > higher_tier.abc_tier AND lower_tier.highest > higher_tier.lowest + 0.005
