-- 非有效库存 (non-effective inventory): the average stock value of the period's last two months above the period's
-- average monthly sales (revenue, as the product-manager bonus rule states it). One row per product, period kind
-- (the bonus periods: quarter, year) and month: the period to date at that month's end, so the PM bonus
-- (pipelines/metrics/pm_bonus.py) reads the row of its period's last month and the inventory page the chosen month.
--   stock_last_two_months = the closing stock of the period's last two months (those within the period), averaged
--     over the months that have stock counts at all (a product without a count in such a month held none);
--     kept per location type, company_warehouse and distributor.
--   avg_monthly_sales = sales of the period to date / its months (counted from the first sales month on).
--   excess_value = company-warehouse stock_last_two_months - avg_monthly_sales, never negative.
-- Both parts add up over products, so a product manager's position is the sum of their products' rows.
WITH p AS (SELECT CAST(date_trunc('month', as_of) AS DATE) AS as_of_month FROM {{ source('salesops', 'build_params') }}),
sales AS (SELECT product_id, month_start, sum(amount) AS sales_amount FROM {{ ref('fct_sales_lines') }}
          GROUP BY product_id, month_start),
stock AS (
    SELECT product_id, month_start,
           sum(closing_value) FILTER (WHERE location_type = 'company_warehouse') AS company_value,
           sum(closing_value) FILTER (WHERE location_type = 'distributor') AS distributor_value
    FROM {{ ref('int_stock_month_end') }} GROUP BY product_id, month_start
),
counted_months AS (
    -- months in which each location type was counted at all
    SELECT month_start,
           bool_or(location_type = 'company_warehouse') AS company_counted,
           bool_or(location_type = 'distributor') AS distributor_counted
    FROM {{ ref('int_stock_month_end') }} GROUP BY month_start
),
first_sales AS (SELECT min(month_start) AS first_month FROM sales),
grid AS (
    SELECT pr.product_id, CAST(m AS DATE) AS month_start
    FROM (SELECT product_id FROM sales UNION SELECT product_id FROM stock) pr
    CROSS JOIN p
    CROSS JOIN (SELECT least((SELECT first_month FROM first_sales), (SELECT min(month_start) FROM stock)) AS first_month) f,
    range(f.first_month, p.as_of_month + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS t(m)
),
monthly AS (
    SELECT g.product_id, g.month_start, k.period,
           CAST(date_trunc(k.period, g.month_start) AS DATE) AS period_start,
           coalesce(s.sales_amount, 0) AS sales_amount,
           coalesce(st.company_value, 0) AS company_value, coalesce(st.distributor_value, 0) AS distributor_value,
           coalesce(c.company_counted, false) AS company_counted,
           coalesce(c.distributor_counted, false) AS distributor_counted
    FROM grid g
    CROSS JOIN (VALUES ('quarter'), ('year')) AS k(period)
    LEFT JOIN sales s USING (product_id, month_start)
    LEFT JOIN stock st USING (product_id, month_start)
    LEFT JOIN counted_months c USING (month_start)
),
to_date AS (
    SELECT m.*,
           sum(sales_amount) OVER period_so_far AS sales_to_date,
           greatest(date_diff('month', greatest(m.period_start, (SELECT first_month FROM first_sales)), m.month_start)
                    + 1, 0) AS months_in_period,
           -- this month and the one before it when that is still in the period
           sum(CASE WHEN company_counted THEN company_value END) OVER last_two
               / nullif(sum(CAST(company_counted AS INT)) OVER last_two, 0) AS company_stock_last_two_months,
           sum(CASE WHEN distributor_counted THEN distributor_value END) OVER last_two
               / nullif(sum(CAST(distributor_counted AS INT)) OVER last_two, 0) AS distributor_stock_last_two_months
    FROM monthly m
    WINDOW period_so_far AS (PARTITION BY product_id, period, period_start ORDER BY month_start
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
           last_two AS (PARTITION BY product_id, period, period_start ORDER BY month_start
                        ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
),
positions AS (
    SELECT t.product_id, coalesce(d.product_name, t.product_id) AS product_name, d.category, d.product_manager, t.period, t.period_start, t.month_start,
           t.months_in_period, t.sales_to_date,
           coalesce(t.company_stock_last_two_months, 0) AS company_stock_last_two_months,
           coalesce(t.distributor_stock_last_two_months, 0) AS distributor_stock_last_two_months,
           coalesce(t.sales_to_date / nullif(t.months_in_period, 0), 0) AS avg_monthly_sales
    FROM to_date t
    LEFT JOIN {{ ref('dim_product') }} d USING (product_id)
)
SELECT *, greatest(company_stock_last_two_months - avg_monthly_sales, 0) AS excess_value
FROM positions
WHERE sales_to_date <> 0 OR company_stock_last_two_months <> 0 OR distributor_stock_last_two_months <> 0
