SELECT
    region_id, month_start, sales_amount, gross_margin, expense_amount,
    gross_margin - expense_amount AS profit,
    (gross_margin - expense_amount) / nullif(sales_amount, 0) AS profit_margin,
    sum(gross_margin - expense_amount) OVER ytd AS profit_ytd,
    sum(sales_amount) OVER ytd AS sales_ytd
FROM {{ ref('int_expense_ratios_month') }}
WHERE grain = 'region'
WINDOW ytd AS (PARTITION BY region_id, year(month_start) ORDER BY month_start
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
