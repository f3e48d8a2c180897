-- DSO, CEI and collection rates of the whole company per month: macros/collection_kpis.sql.
{{ collection_kpis(none) }}
