-- Expense ratios per month at three grains (grain = 'company', 'region' or 'rep'): spend against sales,
-- collections and margin in the month, and the rolling expense ratio over the trailing
-- expense_ratio_window_months months (int_metric_params), so one quiet sales month does not read as a spike.
-- The one definition of these ratios: mart_expense_ratios_{region,rep}_month, the cost-control page and the
-- analyst measures select from it. Rep rows count only expenses booked to a rep (department costs have none);
-- they count in the region and company rows. A grain's months are those with sales, cash, returns or spend.
WITH flows AS (
    -- Every money movement once, with the region and rep it is booked to.
    SELECT region_id, rep_id, month_start, amount AS sales_amount, coalesce(gross_margin, 0.0) AS gross_margin,
           0.0 AS collected_amount,
           0.0 AS expense_amount, 0.0 AS market_expense, 0.0 AS personnel_expense
    FROM {{ ref('fct_sales_lines') }}
    UNION ALL
    SELECT region_id, rep_id, month_start, 0.0, 0.0, amount, 0.0, 0.0, 0.0 FROM {{ ref('fct_collections') }}
    UNION ALL
    -- Returns move no ratio but make the month one of the grain's months, as in the sales marts.
    SELECT region_id, rep_id, month_start, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 FROM {{ ref('fct_returns') }}
    UNION ALL
    SELECT region_id, rep_id, month_start, 0.0, 0.0, 0.0, amount,
           CASE WHEN expense_group = 'market' THEN amount ELSE 0.0 END,
           CASE WHEN expense_group = 'personnel' THEN amount ELSE 0.0 END
    FROM {{ ref('fct_expenses') }}
),
by_grain AS (
    SELECT 'company' AS grain, NULL AS region_id, NULL AS rep_id, month_start,
           sum(sales_amount) AS sales_amount, sum(collected_amount) AS collected_amount,
           sum(gross_margin) AS gross_margin, sum(expense_amount) AS expense_amount,
           sum(market_expense) AS market_expense, sum(personnel_expense) AS personnel_expense
    FROM flows GROUP BY month_start
    UNION ALL
    SELECT 'region', region_id, NULL, month_start, sum(sales_amount), sum(collected_amount), sum(gross_margin),
           sum(expense_amount), sum(market_expense), sum(personnel_expense)
    FROM flows GROUP BY region_id, month_start
    UNION ALL
    SELECT 'rep', coalesce(r.region_id, 'UNKNOWN'), f.rep_id, f.month_start, sum(f.sales_amount),
           sum(f.collected_amount), sum(f.gross_margin), sum(f.expense_amount), sum(f.market_expense),
           sum(f.personnel_expense)
    FROM flows f LEFT JOIN {{ ref('dim_rep') }} r ON r.rep_id = f.rep_id
    WHERE f.rep_id IS NOT NULL GROUP BY f.rep_id, r.region_id, f.month_start
),
rolling AS (
    SELECT g.*,
           sum(g.expense_amount) OVER w AS expense_amount_rolling,
           sum(g.sales_amount) OVER w AS sales_amount_rolling
    FROM by_grain g, {{ ref('int_metric_params') }} p
    WINDOW w AS (PARTITION BY g.grain, g.region_id, g.rep_id ORDER BY g.month_start
                 RANGE BETWEEN to_months(CAST(p.expense_ratio_window_months - 1 AS INT)) PRECEDING AND CURRENT ROW)
)
SELECT
    grain, region_id, rep_id, month_start,
    sales_amount, collected_amount, gross_margin, expense_amount, market_expense, personnel_expense,
    expense_amount / nullif(sales_amount, 0) AS expense_to_sales,
    expense_amount / nullif(collected_amount, 0) AS expense_to_collections,
    market_expense / nullif(sales_amount, 0) AS market_expense_to_sales,
    personnel_expense / nullif(collected_amount, 0) AS personnel_cost_per_collected,
    expense_amount_rolling, sales_amount_rolling,
    -- no ratio while the window's sales are not positive (nothing sold, or returns above sales)
    CASE WHEN sales_amount_rolling > 0 THEN expense_amount_rolling / sales_amount_rolling END
        AS expense_to_sales_rolling
FROM rolling
