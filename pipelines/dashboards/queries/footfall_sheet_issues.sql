-- Sheet-quality findings of every study: errors first, then by place and time.
SELECT study_id, site_id, observer_id, count_date,
       concat_ws('–', interval_start, interval_end) AS interval_text,
       rule, severity, action, message, message_zh, source_file
FROM footfall_sheet_issues
ORDER BY severity = 'error' DESC, study_id DESC, site_id, count_date, interval_start, observer_id
