-- The same on PostgreSQL and MySQL/MariaDB (queries/common: no engine-specific text).
-- Engagement per local day, from the base tables: distinct users who created parents
-- (StoryboardAI: projects), how many, and their children (storyboards) in all — dbops
-- divides for the average exactly. Each parent's children are counted through the index
-- on the children's key. {local_day}: see dau.sql.
SELECT day,
       COUNT(DISTINCT user_id) AS users,
       COUNT(*) AS created,
       SUM(children) AS children
FROM (
    SELECT {local_day} AS day, p.{user} AS user_id,
           (SELECT COUNT(*) FROM {child_table} c WHERE c.{child_key} = p.{key}) AS children
    FROM {table} p
    WHERE p.{time} >= :from AND p.{time} < :to
) AS parents
GROUP BY day
ORDER BY day
