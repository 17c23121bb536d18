-- The same on PostgreSQL and MySQL/MariaDB (queries/common: no engine-specific text).
-- Distinct active users and rows per bucket (day, week or month of the report's time zone).
-- {local_day} is each row's local date: the time column shifted by the UTC offset the
-- zone had at that instant (offsets and DST change instants are bound parameters, worked
-- out from the tz database by dbops, so both engines bucket identically). {bucket} turns
-- that date into the first day of its week or month. The range is on the raw time
-- column, so an index on it (or partition pruning) limits the rows read.
-- {source_rows}: source_rows.sql, once per table the profile's users are active in.
SELECT {bucket} AS bucket,
       COUNT(DISTINCT user_id) AS users,
       COUNT(*) AS events
FROM (
{source_rows}
) AS rows_in_range
GROUP BY 1
ORDER BY 1
