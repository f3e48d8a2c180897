{#- Two one-row relations (row count, total) that must agree: counts exactly, totals to a cent plus
    float rounding. Returns the one disagreeing row, or none. Used by the reconciliation tests. -#}
{% macro totals_disagree(this_side, other_side) %}
SELECT a.row_count AS rows_here, b.row_count AS rows_there, a.total AS total_here, b.total AS total_there
FROM {{ this_side }} AS a(row_count, total), {{ other_side }} AS b(row_count, total)
WHERE a.row_count <> b.row_count
   OR abs(coalesce(a.total, 0) - coalesce(b.total, 0)) > 0.01 + 1e-9 * abs(coalesce(a.total, 0))
{% endmacro %}
