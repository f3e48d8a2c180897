-- Candidate sites (optional source): names and places for the outputs.
SELECT site_id, site_name, address, latitude, longitude, candidate_type
FROM stg_footfall_sites
