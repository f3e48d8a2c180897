SELECT
    4.0 AS standard_visits_per_working_day,  -- 工作饱和度: visits a rep should make per working day
    0.80 AS min_checkin_compliance,           -- below this (rolling 3 months) check-ins count as "few"
    0.75 AS min_report_on_time_share,         -- below this (rolling 3 months) reports count as "few"
    90 AS active_within_days,                 -- a customer who bought within this many days is active
    180 AS lost_after_days,                   -- no purchase for more than this many days: lost
    60 AS not_buying_days,                    -- the "not buying for N days" list starts at N
    730 AS new_customer_cohort_days,          -- new customers opened in this many days (before the window) count
    30 AS maintenance_grace_days,             -- visits in the opening month do not count as maintenance ...
    120 AS maintenance_window_days,           -- ... a new customer must be visited again by this day after opening
    0.50 AS min_maintained_share,             -- below this share of maintained new customers: flagged
    3 AS min_new_customers_for_flag,          -- fewer new customers than this never flags a rep
    12 AS default_amortization_months,        -- development-fee advance without a term
    0.80 AS abc_a_share,                      -- A: customers making the first 80% of collected revenue
    0.95 AS abc_b_share,                      -- B: up to 95%; C: the rest
    3 AS dso_window_months,                   -- DSO divides receivables by this many months of sales
    3 AS expense_ratio_window_months,         -- the rolling expense ratio sums this many trailing months
    90 AS bad_debt_overdue_days,              -- overdue more than this and ...
    90 AS bad_debt_no_receipt_days,           -- ... no receipt for this many days: bad-debt candidate
    180 AS bad_debt_age_days,                 -- or any open amount older than this
    56 AS channel_supply_window_days          -- weeks of supply / days of cover: sell-out over this many days
