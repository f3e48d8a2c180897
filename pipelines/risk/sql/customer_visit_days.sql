-- One row per customer and day with rep visits.
SELECT customer_id, visit_date AS day, count(*) AS visits
FROM fct_visits
WHERE customer_id IS NOT NULL
GROUP BY ALL
