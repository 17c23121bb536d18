-- Rolling weekly and monthly active users (WAU, MAU) need each user's set of active days.
-- MySQL has no GROUPING SETS, and grouping the range by (day, user) or by user builds a
-- temporary table that outgrows memory (on disk, several times slower than the seed's
-- DAU query on 10 million rows). So the rows of the range are streamed as they are read
-- (unbuffered) and dbops groups them while the server is still scanning: day_index 0 is
-- the range's first local day. {source_rows}: see dau.sql (one table: a derived table
-- the server merges into this one, so the rows still stream as they are read).
SELECT DATEDIFF(day, :first_day) AS day_index, user_id
FROM (
{source_rows}
) AS rows_in_range
