{#- The collection KPIs per `grain` (customer_id, region_id or rep_id; none: the whole company) and month: the one place DSO, CEI and the
    collection rate are written. Sums int_collections_customer_month to the grain, then:
      collection_rate = collected / invoiced in the month (3m: over the last three months);
      dso = closing receivables / invoiced over the last dso_window_months months x days in those months
            (up to the as-of date in the as-of month);
      cei = (opening receivables + invoiced - closing receivables) / (opening receivables + invoiced - closing current).
    Windows are month ranges, not row counts: a month without rows adds nothing to the sums.
    `carried`: columns kept per grain and month (one value each, e.g. a customer's region and rep). -#}
{% macro collection_kpis(grain, carried=[]) %}
{%- set partition = 'PARTITION BY m.' ~ grain if grain else '' %}
WITH monthly AS (
    SELECT {% if grain %}{{ grain }}, {% endif %}month_start,
           {% for col in carried %}any_value({{ col }}) AS {{ col }}, {% endfor %}
           sum(invoiced_amount) AS invoiced_amount, sum(collected_amount) AS collected_amount,
           sum(returned_amount) AS returned_amount,
           sum(opening_receivables) AS opening_receivables, sum(closing_receivables) AS closing_receivables,
           sum(closing_current) AS closing_current,
           sum(closing_receivables) - sum(closing_current) AS closing_overdue
    FROM {{ ref('int_collections_customer_month') }}
    GROUP BY {% if grain %}{{ grain }}, {% endif %}month_start
),
windowed AS (
    SELECT m.*,
           sum(invoiced_amount) OVER w3 AS invoiced_3m, sum(collected_amount) OVER w3 AS collected_3m,
           sum(invoiced_amount) OVER dso AS invoiced_dso_window,
           date_diff('day', CAST(m.month_start - to_months(CAST(p.dso_window_months - 1 AS INT)) AS DATE),
                     least(CAST(last_day(m.month_start) AS DATE), b.as_of)) + 1 AS dso_window_days
    FROM monthly m, {{ ref('int_metric_params') }} p, {{ source('salesops', 'build_params') }} b
    WINDOW w3 AS ({{ partition }} ORDER BY m.month_start
                  RANGE BETWEEN INTERVAL 2 MONTH PRECEDING AND CURRENT ROW),
           dso AS ({{ partition }} ORDER BY m.month_start
                   RANGE BETWEEN to_months(CAST(p.dso_window_months - 1 AS INT)) PRECEDING AND CURRENT ROW)
)
SELECT
    * EXCLUDE (invoiced_dso_window, dso_window_days),
    collected_amount / nullif(invoiced_amount, 0) AS collection_rate,
    collected_3m / nullif(invoiced_3m, 0) AS collection_rate_3m,
    closing_receivables / nullif(invoiced_dso_window, 0) * dso_window_days AS dso,
    (opening_receivables + invoiced_amount - closing_receivables)
        / nullif(round(opening_receivables + invoiced_amount - closing_current, 2), 0) AS cei
FROM windowed
{% endmacro %}
