-- Stuffing label per distributor and month: 1 when the month's sell-in is followed within $window days
-- of the month end by returns of that sell-in worth at least $return_share of it, or by unsold channel
-- stock: weeks of supply (int_channel_weeks_of_supply, all products) at the first month-end count after the
-- window at least $wos_ratio times the distributor's usual (median of the six month-ends before) and at least
-- $wos_min weeks.
-- NULL while the window is not over at the build's as-of date.
WITH distributors AS (
    SELECT customer_id FROM dim_customer WHERE customer_type IN ('distributor', 'agent')
    UNION SELECT distributor_id FROM fct_sell_out
    UNION SELECT location_id FROM fct_inventory WHERE location_type = 'distributor'
),
invoices AS (
    SELECT customer_id, invoice_id, invoice_date, month_start, invoice_amount AS amount
    FROM int_invoices SEMI JOIN distributors USING (customer_id)
),
month_sell_in AS (
    SELECT customer_id, month_start, sum(amount) AS amount FROM invoices GROUP BY ALL
),
-- Returns of goods, not of damaged units: batch returns and anything sent back unsold.
bulk_returns AS (
    SELECT return_id, customer_id, product_id, return_date, CAST(amount AS DECIMAL(18, 2)) AS amount,
           original_invoice_id
    FROM fct_returns SEMI JOIN distributors USING (customer_id)
    WHERE return_type = 'batch' OR reason = 'unsold'
),
linked AS (
    SELECT r.return_id, r.customer_id, r.return_date, r.amount, i.month_start
    FROM bulk_returns r
    JOIN invoices i ON i.invoice_id = r.original_invoice_id
),
-- Returns without an invoice reference go to the customer's last purchase of that product before them.
purchase_days AS (
    SELECT DISTINCT s.customer_id, s.product_id, s.invoice_date, s.month_start
    FROM fct_sales_lines s
    SEMI JOIN bulk_returns r ON r.customer_id = s.customer_id AND r.product_id = s.product_id
),
unlinked AS (
    SELECT r.return_id, r.customer_id, r.return_date, r.amount, p.month_start
    FROM (SELECT * FROM bulk_returns WHERE original_invoice_id IS NULL
          OR original_invoice_id NOT IN (SELECT invoice_id FROM invoices)) r
    ASOF JOIN purchase_days p
        ON p.customer_id = r.customer_id AND p.product_id = r.product_id AND p.invoice_date <= r.return_date
),
returns_of_month AS (
    SELECT customer_id, month_start, sum(amount) AS amount
    FROM (SELECT * FROM linked UNION ALL SELECT * FROM unlinked)
    WHERE return_date <= last_day(month_start) + to_days(CAST($window AS INTEGER))
    GROUP BY ALL
),
wos AS (
    -- weeks of supply at each month-end count
    SELECT distributor_id AS customer_id, count_date AS snapshot_date, weeks_of_supply AS weeks
    FROM int_channel_weeks_of_supply
    WHERE product_id IS NULL AND count_date = last_day(count_date)
),
wos_usual AS (
    SELECT customer_id, snapshot_date, weeks,
           median(weeks) OVER (PARTITION BY customer_id ORDER BY snapshot_date
                               ROWS BETWEEN 6 PRECEDING AND 1 PRECEDING) AS usual
    FROM wos
),
grid AS (
    SELECT m.customer_id, m.month_start, m.amount, s.snapshot_date
    FROM month_sell_in m JOIN risk_snapshots s ON s.snapshot_date = last_day(m.month_start)
),
after_window AS (
    -- the first month-end count at or after the end of the window
    SELECT g.customer_id, g.month_start, w.weeks, u.usual
    FROM grid g
    ASOF JOIN wos w ON w.customer_id = g.customer_id
        AND w.snapshot_date >= g.snapshot_date + to_days(CAST($window AS INTEGER) - 5)
    LEFT JOIN wos_usual u ON u.customer_id = g.customer_id AND u.snapshot_date = g.snapshot_date
)
SELECT g.customer_id AS distributor_id, g.month_start, g.snapshot_date,
       CAST(coalesce(r.amount, 0) / g.amount AS DOUBLE) AS returned_share,
       a.weeks AS weeks_of_supply_after, a.usual AS weeks_of_supply_usual,
       CASE WHEN g.snapshot_date + to_days(CAST($window AS INTEGER)) > (SELECT as_of FROM build_params) THEN NULL
            WHEN coalesce(r.amount, 0) >= $return_share * g.amount THEN 1
            WHEN a.weeks >= $wos_min AND a.weeks >= $wos_ratio * a.usual THEN 1
            ELSE 0 END AS label
FROM grid g
LEFT JOIN returns_of_month r USING (customer_id, month_start)
LEFT JOIN after_window a USING (customer_id, month_start)
