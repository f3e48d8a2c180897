-- Site ranking of the latest study (study ids sort by date, e.g. FT2026-09), every metric, best first.
SELECT study_id, metric, site_id, site_name, estimate, lower, upper, interval_level, rank, p_best, headline, n_sites
FROM footfall_site_ranking
WHERE study_id = (SELECT max(study_id) FROM footfall_site_ranking)
ORDER BY headline DESC, metric, rank, site_id
