-- Every stock count per product x location.
SELECT location_id, location_type, product_id, snapshot_date AS day, on_hand_qty AS qty
FROM fct_inventory
