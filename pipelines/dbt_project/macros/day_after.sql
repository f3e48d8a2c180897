{#- The day after a date, as a DATE: when an amount due on that date becomes overdue. -#}
{% macro day_after(column) %}CAST({{ dbt.dateadd('day', 1, column) }} AS DATE){% endmacro %}
