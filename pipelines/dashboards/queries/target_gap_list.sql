-- The as-of year's gap per rep for sales and collections, worst attainment first.
SELECT g.metric, g.region_id, g.rep_id, coalesce(g.rep_name, g.rep_id) AS rep_name, g.target_year,
       g.target_to_date, g.actual_to_date, g.attainment_to_date, g.gap_to_date, g.run_rate_projection,
       g.projected_gap, g.needed_per_remaining_month, g.status
FROM mart_target_gap_list g
WHERE g.product_id IS NULL AND g.metric IN ('sales', 'collections')
ORDER BY g.attainment_to_date NULLS LAST, g.gap_to_date DESC
