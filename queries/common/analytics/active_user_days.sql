-- Each user's active local days in the range, with their row counts: rolling weekly and
-- monthly active users (WAU, MAU) are unions of these days, counted by dbops. Rows without
-- a user count as events of a NULL user. {local_day}: see dau.sql. The same text on both engines.
SELECT day, user_id, COUNT(*) AS events
FROM (
    SELECT {local_day} AS day, {user} AS user_id
    FROM {table}
    WHERE {time} >= :from AND {time} < :to
) AS rows_in_range
GROUP BY day, user_id
