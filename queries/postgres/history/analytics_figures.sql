-- The report's analytics figures from day $1 to day $2 in series order (target, report,
-- dimension, metric, day), for the report to put in buckets (AnalyticsBuckets), as the
-- SQLite store does.
SELECT target, report, dimension, metric, day, value
FROM analytics_day
WHERE day >= $1::text
  AND day <= $2::text
  AND metric NOT IN ('max', 'mean')
ORDER BY target COLLATE "C", report COLLATE "C", dimension COLLATE "C", metric COLLATE "C", day COLLATE "C"
