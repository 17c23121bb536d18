-- The days of one report stored for a target ($1, $2, from day $3), and when each was
-- computed (the earliest figure of the day).
SELECT day, min(computed_at) AS computed_at
FROM analytics_day
WHERE target = $1::text AND report = $2::text AND day >= $3::text
GROUP BY day
