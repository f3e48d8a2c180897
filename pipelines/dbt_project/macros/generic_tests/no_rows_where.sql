{#- A rule every row keeps, written as the condition a violating row meets. -#}
{% test no_rows_where(model, condition) %}
SELECT * FROM {{ model }} WHERE {{ condition }}
{% endtest %}
