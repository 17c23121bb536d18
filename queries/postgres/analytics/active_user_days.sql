-- Rolling weekly and monthly active users (WAU, MAU) need each user's set of active days,
-- not just a count per day. One pass over the range, two groupings of it:
--   * per user (per_user = 1): which days of the range the user was active on, as
--     bitmasks: bit b of mask_k is day 63k + b of the range (day_index 0 = its first local
--     day). 63 days per mask because bigint is signed. {masks} holds one bit_or column per
--     63 days of the range, written by dbops. Rows without a user form one group
--     (no_user), counted as events but not as a user.
--   * per day (per_user = 0): every row of the day, the `events` column of the report.
-- dbops adds the users up into DAU, WAU and MAU. The server returns one row per user
-- instead of one per (day, user) pair, and no user ids at all.
-- {source_rows}: see dau.sql.
SELECT GROUPING(day_index) AS per_user,
       day_index,
       user_id IS NULL AS no_user,
       COUNT(*) AS events,
       {masks}
FROM (
    SELECT day - CAST(:first_day AS date) AS day_index, user_id
    FROM (
{source_rows}
    ) AS source_rows
) AS rows_in_range
GROUP BY GROUPING SETS ((user_id), (day_index))
