WITH bounds AS (
    SELECT min(invoice_date) AS first_day, (SELECT as_of FROM {{ source('salesops', 'build_params') }}) AS last_day
    FROM {{ source('salesops', 'stg_sales_lines') }}
)
SELECT
    CAST(d AS DATE) AS date_day,
    year(d) AS year,
    quarter(d) AS quarter,
    month(d) AS month,
    {{ month_start('d') }} AS month_start,
    {{ dbt.last_day("d", "month") }} AS month_end,
    isodow(d) AS iso_weekday,
    isodow(d) <= 5 AS is_working_day,
    {{ dbt.datediff("CAST(d AS DATE)", dbt.last_day("d", "month"), "day") }} AS days_to_month_end,
    {{ dbt.datediff("CAST(d AS DATE)", dbt.last_day("d", "month"), "day") }} < 5 AS in_last_5_days,
    month(d) IN (3, 6, 9, 12) AS is_quarter_end_month
FROM bounds, range(first_day, last_day + INTERVAL 1 DAY, INTERVAL 1 DAY) AS t(d)
