-- The method check per left-out reference counter.
SELECT scheme, windows, count_hours, counter_id, n_estimates, mape, coverage, mean_rel_width
FROM footfall_method_check_counters
ORDER BY windows, count_hours, counter_id
