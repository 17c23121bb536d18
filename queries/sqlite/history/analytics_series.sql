-- Analytics days of a target since a day: one row per day, report, dimension and figure.
SELECT target, day, report, dimension, metric, value
FROM analytics_day
WHERE (:target IS NULL OR target = :target)
  AND (:report IS NULL OR report = :report)
  AND day >= :since_day
ORDER BY target, report, dimension, metric, day
