-- The report's analytics: each figure per day, or per week (Monday to Sunday) when
-- :weekly is 1 — cost, calls, rows and events summed over the week, active users the
-- week's mean of its days, latency percentiles and means the week's worst day.
SELECT target,
       report,
       dimension,
       metric,
       CASE WHEN :weekly = 1 THEN date(day, '-6 days', 'weekday 1') ELSE day END AS bucket,
       CASE WHEN report = 'cost' OR metric IN ('calls', 'rows', 'events') THEN sum(value)
            WHEN report = 'dau' THEN avg(value)
            ELSE max(value) END AS value
FROM analytics_day {access}   -- NOT INDEXED when the period is most of what is stored: a scan is faster
WHERE day >= :since_day
  AND day <= :until_day
  AND metric NOT IN ('max', 'mean')
GROUP BY target, report, dimension, metric, bucket
ORDER BY target, report, dimension, metric, bucket
