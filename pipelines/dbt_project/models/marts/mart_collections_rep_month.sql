-- DSO, CEI and collection rates per rep and month: macros/collection_kpis.sql.
{{ collection_kpis('rep_id', carried=['region_id']) }}
