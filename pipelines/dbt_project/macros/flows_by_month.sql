{#- Per `key` (customer_id, region_id, rep_id) and month: invoiced sales with the given `sales_measures`
    ([(name, aggregate over fct_sales_lines)...]), returns and cash collected, for every key and month any of the
    three has, zeros where one has none. The one shape of these sums at every grain. -#}
{% macro flows_by_month(key, sales_measures) %}
WITH sales AS (
    SELECT {{ key }}, month_start,
           {%- for name, aggregate in sales_measures %} {{ aggregate }} AS {{ name }}{{ "," if not loop.last }}{% endfor %}
    FROM {{ ref('fct_sales_lines') }} GROUP BY {{ key }}, month_start
),
rets AS (SELECT {{ key }}, month_start, sum(amount) AS returns_amount FROM {{ ref('fct_returns') }}
         GROUP BY {{ key }}, month_start),
cash AS (SELECT {{ key }}, month_start, sum(amount) AS collected_amount FROM {{ ref('fct_collections') }}
         GROUP BY {{ key }}, month_start),
keys AS (SELECT {{ key }}, month_start FROM sales UNION SELECT {{ key }}, month_start FROM cash
         UNION SELECT {{ key }}, month_start FROM rets)
SELECT k.{{ key }}, k.month_start,
       {%- for name, _ in sales_measures %} coalesce(s.{{ name }}, 0) AS {{ name }},{% endfor %}
       coalesce(r.returns_amount, 0) AS returns_amount,
       coalesce(c.collected_amount, 0) AS collected_amount
FROM keys k
LEFT JOIN sales s USING ({{ key }}, month_start)
LEFT JOIN rets r USING ({{ key }}, month_start)
LEFT JOIN cash c USING ({{ key }}, month_start)
{% endmacro %}
