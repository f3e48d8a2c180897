SELECT
    customer_type, scale, abc_tier,
    count(*) AS customers,
    sum(collected_12m) AS collected_12m,
    sum(collected_12m) / nullif(sum(sum(collected_12m)) OVER (), 0) AS share_of_collected,
    sum(sales_12m) AS sales_12m
FROM {{ ref('mart_customer_abc') }}
GROUP BY customer_type, scale, abc_tier
