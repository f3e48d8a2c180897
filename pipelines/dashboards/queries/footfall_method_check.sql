-- Error and interval coverage of simulated short counts by scheme and count length.
SELECT scheme, count_hours, n_estimates, n_days, mape, coverage, interval_level, target_coverage_low,
       target_coverage_high, target_mape, coverage_ok, mape_ok, profile
FROM footfall_method_check
ORDER BY scheme, count_hours
