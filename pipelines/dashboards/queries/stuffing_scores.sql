-- Channel-stuffing (压货) scores per distributor and month with the rep's name, riskiest first.
SELECT s.distributor_id, coalesce(s.distributor_name, s.distributor_id) AS distributor_name, s.region_id,
       coalesce(r.rep_name, s.rep_id) AS rep_name, s.month_start, s.sell_in_amount, s.last_5_days_share,
       s.sell_in_vs_sell_out, s.weeks_of_supply, s.probability, s.risk_band, s.driver_1, s.driver_2, s.driver_3,
       s.driver_1_zh, s.driver_2_zh, s.driver_3_zh, s.scored_by
FROM risk_channel_stuffing s
LEFT JOIN dim_rep r USING (rep_id)
ORDER BY s.probability DESC
