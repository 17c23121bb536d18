-- Analytics days since a day: $1 target or NULL, $2 report or NULL, $3 first day.
SELECT target, day, report, dimension, metric, value
FROM analytics_day
WHERE ($1::text IS NULL OR target = $1::text)
  AND ($2::text IS NULL OR report = $2::text)
  AND day >= $3::text
ORDER BY target COLLATE "C", report COLLATE "C", dimension COLLATE "C", metric COLLATE "C", day COLLATE "C"
