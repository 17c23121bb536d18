-- The days of target $1 computed again ($2 reports, $3 days as parallel arrays): what was
-- stored of them goes (a function gone from a day too).
DELETE FROM analytics_day a
USING unnest($2::text[], $3::text[]) AS given (report, day)
WHERE a.target = $1::text AND a.report = given.report AND a.day = given.day
