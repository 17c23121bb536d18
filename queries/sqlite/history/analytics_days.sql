-- The days of one report stored for a target, and when each was computed (the earliest
-- figure of the day: a day computed before it ended is computed again).
SELECT day, min(computed_at) AS computed_at
FROM analytics_day
WHERE target = ? AND report = ? AND day >= ?
GROUP BY day
