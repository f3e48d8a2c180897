{#- The columns identify one row: no combination of their values (NULL included) occurs twice. -#}
{% test unique_key(model, columns) %}
SELECT {{ columns | join(', ') }}, count(*) AS occurrences
FROM {{ model }}
GROUP BY {{ columns | join(', ') }}
HAVING count(*) > 1
{% endtest %}
