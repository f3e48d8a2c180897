{#- Money summed exactly: DECIMAL with four places (exact for amounts given to the cent or the tenth of one), so a
    total does not depend on the order DuckDB adds rows in. A double sum can differ in the last bit between two
    runs, and so could a risk model trained on it. -#}
{% macro exact_money(expression) -%}
CAST({{ expression }} AS DECIMAL(18, 4))
{%- endmacro %}
