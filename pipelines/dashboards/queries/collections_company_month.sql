-- DSO and collection rate of the whole company per month (the company line of the trends).
SELECT month_start, invoiced_amount, collected_amount, closing_receivables, dso, collection_rate
FROM mart_collections_company_month
