-- Units sold into distributors (sell-in) and units they sold on (sell-out) per region and month.
SELECT region_id, month_start, sell_in_qty, sell_out_qty FROM int_sell_in_sell_out_month
