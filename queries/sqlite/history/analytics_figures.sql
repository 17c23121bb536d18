-- The report's analytics figures from :since_day to :until_day in the table's key order
-- (target, report, dimension, metric, day), for the report to put in daily or weekly
-- buckets as they stream by (AnalyticsBuckets): no sort of a year's million rows. {scan} is
-- "+" when the period is most of what is stored: the unary plus keeps SQLite off the day
-- index, so it reads the table in key order; for a short period the index finds the days.
-- The period's mean and max per day are not drawn.
SELECT target, report, dimension, metric, day, value
FROM analytics_day
WHERE {scan}day >= :since_day
  AND {scan}day <= :until_day
  AND metric NOT IN ('max', 'mean')
ORDER BY target, report, dimension, metric, day
