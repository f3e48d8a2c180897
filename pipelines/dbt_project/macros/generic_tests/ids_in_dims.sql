{#- Every id the model's `references` columns hold is a member of its dimension: one test per table instead of one
    per column (each dbt test is a node and a Dagster check, whose bookkeeping costs more than the query). A
    violating row names the column, the id and the dimension it is missing from. `references` is a list of
    {column, to (a model name), field}. -#}
{% test ids_in_dims(model, references) %}
{%- for r in references %}
SELECT '{{ r.column }}' AS column_name, CAST(f.{{ r.column }} AS VARCHAR) AS missing_id, '{{ r.to }}' AS dimension
FROM {{ model }} f
WHERE f.{{ r.column }} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {{ ref(r.to) }} d WHERE d.{{ r.field }} = f.{{ r.column }})
{%- if not loop.last %}
UNION ALL
{%- endif %}
{%- endfor %}
{% endtest %}
