{#- The first day of the value's month, as a DATE: the month every monthly mart groups by. -#}
{% macro month_start(column) %}CAST({{ dbt.date_trunc('month', column) }} AS DATE){% endmacro %}
