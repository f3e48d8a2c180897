-- How much sell-out could be checked for 窜货 (int_sell_out_regions): lines naming a terminal, lines whose
-- distributor and terminal regions are both known, and those sold outside the distributor's region.
SELECT count(*) AS lines, count(terminal_id) AS with_terminal, count(is_cross_region) AS checked,
       count(*) FILTER (WHERE is_cross_region) AS crossed
FROM int_sell_out_regions
