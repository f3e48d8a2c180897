-- Channel-stuffing features per distributor and month, for the months ending on a date in risk_snapshots.
-- Distributors are distributor/agent customers and anyone reporting sell-out or stock. Every window
-- looks backwards from the month end (month aggregates, rows up to the current month), so nothing
-- after the snapshot is read. Invoices (int_invoices), receivables (int_customer_receivables_days) and weeks of
-- supply (int_channel_weeks_of_supply) are the shared definitions, read at the month end. Money is summed as
-- DECIMAL: exact whatever the order.
WITH tracked AS (
    -- products a distributor reports stock or sell-out for, from the first month it did
    SELECT customer_id, product_id, min(first_day) AS first_seen FROM (
        SELECT distributor_id AS customer_id, product_id, min(sale_date) AS first_day FROM fct_sell_out GROUP BY ALL
        UNION ALL
        SELECT location_id, product_id, min(snapshot_date) FROM fct_inventory
        WHERE location_type = 'distributor' GROUP BY ALL
    ) GROUP BY ALL
),
distributors AS (
    -- distributors and agents by type, and anyone else from the first time it reported stock or sell-out
    SELECT customer_id, min(since) AS since FROM (
        SELECT customer_id, DATE '1900-01-01' AS since FROM dim_customer WHERE customer_type IN ('distributor', 'agent')
        UNION ALL SELECT customer_id, first_seen FROM tracked
    ) GROUP BY customer_id
),
months AS (
    SELECT DISTINCT month_start FROM dim_calendar
    WHERE month_start <= (SELECT max(date_trunc('month', snapshot_date)) FROM risk_snapshots)
),
sell_in AS (
    SELECT i.customer_id, i.month_start,
           sum(i.invoice_amount) AS amount,
           sum(i.invoice_amount) FILTER (WHERE i.in_last_5_days) AS amount_last_5,
           sum(i.discount_amount) AS discount_amount,
           sum(i.discount_amount) FILTER (WHERE i.in_last_5_days) AS discount_amount_last_5,
           sum(i.terms_amount) AS terms_amount,
           count(*) AS invoices
    FROM int_invoices i SEMI JOIN distributors d USING (customer_id)
    GROUP BY ALL
),
tracked_in AS (
    SELECT s.customer_id, s.month_start, CAST(sum(CAST(s.qty AS DECIMAL(18, 3))) AS DOUBLE) AS tracked_qty
    FROM fct_sales_lines s
    JOIN tracked t ON t.customer_id = s.customer_id AND t.product_id = s.product_id
        AND t.first_seen <= last_day(s.month_start)
    GROUP BY ALL
),
sell_out AS (
    SELECT distributor_id AS customer_id, month_start, CAST(sum(CAST(qty AS DECIMAL(18, 3))) AS DOUBLE) AS qty
    FROM fct_sell_out GROUP BY ALL
),
stock AS (
    -- all products counted at the month end: stock and weeks of supply as the channel definition has them
    SELECT distributor_id AS customer_id, CAST(date_trunc('month', count_date) AS DATE) AS month_start,
           on_hand_qty AS qty, weeks_of_supply
    FROM int_channel_weeks_of_supply
    WHERE product_id IS NULL AND count_date = last_day(count_date)
),
returned AS (
    SELECT customer_id, month_start, sum(CAST(amount AS DECIMAL(18, 2))) AS amount FROM fct_returns GROUP BY ALL
),
receivables AS (
    -- the open balance after the month's last change (months without one keep the one before)
    SELECT customer_id, CAST(date_trunc('month', day) AS DATE) AS month_start, arg_max(open_balance, day) AS amount
    FROM int_customer_receivables_days SEMI JOIN distributors USING (customer_id)
    GROUP BY ALL
),
monthly AS (
    SELECT d.customer_id, m.month_start,
           coalesce(si.amount, 0) AS sell_in, coalesce(si.amount_last_5, 0) AS sell_in_last_5,
           si.discount_amount, si.discount_amount_last_5, si.terms_amount,
           coalesce(ti.tracked_qty, 0) AS tracked_qty, coalesce(si.invoices, 0) AS invoices,
           coalesce(so.qty, 0) AS sell_out_qty, st.qty AS stock_qty, st.weeks_of_supply,
           coalesce(r.amount, 0) AS returns,
           coalesce(rb.amount, 0) AS receivables
    FROM distributors d JOIN months m ON d.since <= last_day(m.month_start)
    LEFT JOIN sell_in si ON si.customer_id = d.customer_id AND si.month_start = m.month_start
    LEFT JOIN tracked_in ti ON ti.customer_id = d.customer_id AND ti.month_start = m.month_start
    LEFT JOIN sell_out so ON so.customer_id = d.customer_id AND so.month_start = m.month_start
    LEFT JOIN stock st ON st.customer_id = d.customer_id AND st.month_start = m.month_start
    LEFT JOIN returned r ON r.customer_id = d.customer_id AND r.month_start = m.month_start
    ASOF LEFT JOIN receivables rb ON rb.customer_id = d.customer_id AND rb.month_start <= m.month_start
),
history AS (
    SELECT *,
           avg(sell_in) OVER w_prev6 AS sell_in_usual,
           sum(discount_amount) OVER w_prev12 / nullif(sum(sell_in) OVER w_prev12, 0) AS discount_usual,
           sum(terms_amount) OVER w_prev12 / nullif(sum(sell_in) OVER w_prev12, 0) AS terms_usual,
           sum(sell_in_last_5) OVER w_prev12 / nullif(sum(sell_in) OVER w_prev12, 0) AS last_5_share_usual,
           sum(sell_out_qty) OVER w_prev6 AS sell_out_prev6,
           lag(stock_qty) OVER w_order AS stock_prev,
           lag(receivables, 3) OVER w_order AS receivables_3m_ago,
           sum(sell_in) OVER w_last3 AS sell_in_3m,
           sum(returns) OVER w_last6 AS returns_6m,
           sum(sell_in) OVER w_last6 AS sell_in_6m,
           count(*) FILTER (WHERE sell_in > 0) OVER w_prev12 AS buying_months_12
    FROM monthly
    WINDOW w_order AS (PARTITION BY customer_id ORDER BY month_start),
           w_prev6 AS (PARTITION BY customer_id ORDER BY month_start ROWS BETWEEN 6 PRECEDING AND 1 PRECEDING),
           w_prev12 AS (PARTITION BY customer_id ORDER BY month_start ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING),
           w_last3 AS (PARTITION BY customer_id ORDER BY month_start ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
           w_last6 AS (PARTITION BY customer_id ORDER BY month_start ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)
),
history_3m AS (
    SELECT *, lag(sell_in_3m, 3) OVER (PARTITION BY customer_id ORDER BY month_start) AS sell_in_3m_before
    FROM history
)
SELECT
    h.customer_id AS distributor_id, c.customer_name AS distributor_name, c.rep_id, c.region_id,
    h.month_start, s.snapshot_date,
    CAST(h.sell_in AS DOUBLE) AS sell_in_amount,
    h.sell_in_last_5 / nullif(h.sell_in, 0) AS last_5_days_share,
    h.sell_in_last_5 / nullif(h.sell_in, 0) - h.last_5_share_usual AS last_5_days_share_vs_usual,
    h.sell_in / nullif(h.sell_in_usual, 0) AS sell_in_vs_usual,
    h.tracked_qty / nullif(h.sell_out_qty, 0) AS sell_in_vs_sell_out,
    h.weeks_of_supply,
    h.stock_qty / nullif(h.stock_prev, 0) AS stock_growth,
    h.sell_out_qty / nullif(h.sell_out_prev6 / 6, 0) AS sell_out_vs_usual,
    -- DSRI-style: receivables growth over three months against sales growth over the same span
    (h.receivables / nullif(h.receivables_3m_ago, 0)) / nullif(h.sell_in_3m / nullif(h.sell_in_3m_before, 0), 0)
        AS receivables_vs_sales_growth,
    h.receivables / nullif(h.sell_in_3m, 0) AS receivables_to_3m_sales,
    h.discount_amount / nullif(h.sell_in, 0) - h.discount_usual AS discount_depth_vs_usual,
    h.discount_amount_last_5 / nullif(h.sell_in_last_5, 0) - h.discount_usual AS last_5_discount_vs_usual,
    h.terms_amount / nullif(h.sell_in, 0) - h.terms_usual AS terms_extension_days,
    h.returns_6m / nullif(h.sell_in_6m, 0) AS returns_share_6m,
    h.buying_months_12,
    month(h.month_start) % 3 = 0 AS quarter_end_month,
    h.invoices
FROM history_3m h
JOIN risk_snapshots s ON s.snapshot_date = last_day(h.month_start)
LEFT JOIN dim_customer c USING (customer_id)
WHERE h.sell_in > 0
