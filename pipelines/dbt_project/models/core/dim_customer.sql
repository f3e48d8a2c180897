-- Every customer any staged source names: the master's rows, and for an id without one a member named by its id,
-- owned by the rep who last invoiced it, else the rep of the invoices it paid last, else the rep who visited it
-- last; in the master's department, else its rep's, else UNKNOWN.
WITH ids AS (
    {{ referenced_ids('customers') }}
),
purchases AS (
    SELECT customer_id, min(invoice_date) AS first_invoice_date, max(invoice_date) AS last_invoice_date,
           arg_max(rep_id, invoice_date) AS last_rep_id
    FROM {{ source('salesops', 'stg_sales_lines') }} GROUP BY customer_id
),
paid_invoice_rep AS (
    SELECT k.customer_id, arg_max(s.rep_id, k.receipt_date) AS rep_id
    FROM {{ source('salesops', 'stg_collections') }} k
    JOIN (SELECT invoice_id, {{ dbt.any_value("rep_id") }} AS rep_id FROM {{ source('salesops', 'stg_sales_lines') }}
          WHERE invoice_id IN (SELECT invoice_id FROM {{ source('salesops', 'stg_collections') }})
          GROUP BY invoice_id) s USING (invoice_id)
    GROUP BY k.customer_id
),
visiting_rep AS (
    SELECT customer_id, arg_max(rep_id, visit_date) AS rep_id FROM {{ source('salesops', 'stg_visits') }}
    GROUP BY customer_id
),
owner AS (
    SELECT i.member_id AS customer_id, i.seen_in, coalesce(c.rep_id, p.last_rep_id, k.rep_id, v.rep_id) AS rep_id
    FROM ids i
    LEFT JOIN {{ source('salesops', 'stg_customers') }} c ON c.customer_id = i.member_id
    LEFT JOIN purchases p ON p.customer_id = i.member_id
    LEFT JOIN paid_invoice_rep k ON k.customer_id = i.member_id
    LEFT JOIN visiting_rep v ON v.customer_id = i.member_id
)
SELECT
    o.customer_id,
    coalesce(c.customer_name, o.customer_id) AS customer_name,
    coalesce(c.customer_type, 'unknown') AS customer_type,
    coalesce(c.region_id, rep.region_id, 'UNKNOWN') AS region_id,
    o.rep_id,
    coalesce(c.opened_date, p.first_invoice_date) AS opened_date,
    c.scale, c.parent_distributor_id, c.credit_days,
    p.first_invoice_date, p.last_invoice_date,
    c.customer_id IS NOT NULL AS in_master,
    o.seen_in
FROM owner o
LEFT JOIN {{ source('salesops', 'stg_customers') }} c USING (customer_id)
LEFT JOIN purchases p USING (customer_id)
LEFT JOIN {{ ref('dim_rep') }} rep ON rep.rep_id = o.rep_id
