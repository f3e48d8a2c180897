-- DSO, CEI and collection rates per customer and month: macros/collection_kpis.sql.
{{ collection_kpis('customer_id', carried=['region_id', 'rep_id']) }}
