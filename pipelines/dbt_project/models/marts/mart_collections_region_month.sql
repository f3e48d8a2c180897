-- DSO, CEI and collection rates per region and month: macros/collection_kpis.sql.
{{ collection_kpis('region_id') }}
