-- The report's analytics per day, or per week (Monday to Sunday) when $3 is true: as
-- queries/sqlite/history/analytics_buckets.sql (cost, calls, rows and events summed, active
-- users the week's mean, latency the week's worst day). $1 first day, $2 last day.
SELECT target,
       report,
       dimension,
       metric,
       CASE WHEN $3::boolean THEN to_char(date_trunc('week', day::date), 'YYYY-MM-DD') ELSE day END AS bucket,
       CASE WHEN report = 'cost' OR metric IN ('calls', 'rows', 'events') THEN sum(value)
            WHEN report = 'dau' THEN avg(value)
            ELSE max(value) END AS value
FROM analytics_day
WHERE day >= $1::text
  AND day <= $2::text
  AND metric NOT IN ('max', 'mean')
GROUP BY target, report, dimension, metric, bucket
ORDER BY target COLLATE "C", report COLLATE "C", dimension COLLATE "C", metric COLLATE "C", bucket
