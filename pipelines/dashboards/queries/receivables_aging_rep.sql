-- Open receivables per region and owning rep by aging bucket (账龄) at the as-of date.
SELECT a.region_id, a.rep_id, coalesce(r.rep_name, a.rep_id, '?') AS rep_name,
       sum(a.aged_0_30) AS aged_0_30, sum(a.aged_31_60) AS aged_31_60, sum(a.aged_61_90) AS aged_61_90,
       sum(a.aged_91_180) AS aged_91_180, sum(a.aged_over_180) AS aged_over_180
FROM mart_receivables_aging a
LEFT JOIN dim_rep r USING (rep_id)
GROUP BY ALL
