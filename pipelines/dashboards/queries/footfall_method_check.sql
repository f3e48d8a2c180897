-- Error and interval coverage of simulated short counts at left-out reference counters, by windows and length.
SELECT scheme, windows, count_hours, plan, n_estimates, n_counters, mape, coverage, min_counter_coverage,
       worst_counter, mean_rel_width, interval_level, target_coverage_low, target_coverage_high,
       target_min_counter_coverage, target_mape, coverage_ok, mape_ok, profile
FROM footfall_method_check
ORDER BY windows, count_hours
