{#- Every staged column that names a member of a master (the contracts' `references`, in load order, each master's
    own key first): (source, column, master). Each dim_ table holds every id any of them names, so no fact row
    is left without its customer, rep, product or region. tests/test_referenced_ids.py checks this list against
    pipelines/contracts, so a new referencing column cannot be forgotten here. -#}
{% macro referencing_columns() %}
{{ return([
    ('regions', 'region_id', 'regions'),
    ('reps', 'rep_id', 'reps'), ('reps', 'region_id', 'regions'), ('reps', 'manager_rep_id', 'reps'),
    ('customers', 'customer_id', 'customers'), ('customers', 'region_id', 'regions'),
    ('customers', 'rep_id', 'reps'),
    ('products', 'product_id', 'products'),
    ('sales_lines', 'customer_id', 'customers'), ('sales_lines', 'rep_id', 'reps'),
    ('sales_lines', 'product_id', 'products'),
    ('returns', 'customer_id', 'customers'), ('returns', 'product_id', 'products'),
    ('collections', 'customer_id', 'customers'),
    ('inventory_snapshots', 'product_id', 'products'),
    ('sell_out', 'distributor_id', 'customers'), ('sell_out', 'product_id', 'products'),
    ('rep_checkins', 'rep_id', 'reps'),
    ('visits', 'rep_id', 'reps'), ('visits', 'customer_id', 'customers'), ('visits', 'manager_rep_id', 'reps'),
    ('rep_reports', 'rep_id', 'reps'),
    ('expenses', 'region_id', 'regions'), ('expenses', 'rep_id', 'reps'), ('expenses', 'approver_rep_id', 'reps'),
    ('budgets', 'region_id', 'regions'),
    ('targets', 'region_id', 'regions'), ('targets', 'rep_id', 'reps'), ('targets', 'product_id', 'products'),
]) }}
{% endmacro %}

{#- One row per id of `master` named by any staged source: member_id, and seen_in, the first staged table (in
    load order: the master itself, then sales lines, then the other sources) that names it. -#}
{% macro referenced_ids(master) %}
SELECT member_id, arg_min(seen_in, source_order) AS seen_in
FROM (
    {%- for source_name, column, referenced in referencing_columns() if referenced == master %}
    SELECT DISTINCT {{ column }} AS member_id, 'stg_{{ source_name }}' AS seen_in, {{ loop.index }} AS source_order
    FROM {{ source('salesops', 'stg_' ~ source_name) }}
    {%- if not loop.last %}
    UNION ALL
    {%- endif %}
    {%- endfor %}
) AS naming
WHERE member_id IS NOT NULL
GROUP BY member_id
{% endmacro %}
