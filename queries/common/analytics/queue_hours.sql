-- The same on PostgreSQL and MySQL/MariaDB (queries/common): {created_hour},
-- {started_hour} and {finished_hour} are each time column's hour counted from 1970 (UTC;
-- a timestamp without time zone, and MySQL/MariaDB's session, read as UTC), written per
-- engine (AnalyticsEngine.epochSeconds).
-- What happened to the queue in each hour of the range: rows
-- that arrived, started, ended, and ended failed; `dequeued_unstarted` ended without ever
-- starting (they leave the waiting line when they end). dbops walks the hours from the
-- depth at the range's start (queue_depth_at.sql) to the waiting and running depth at each
-- hour's end (a row that neither started nor ended joins the waiting line only if its
-- status says it waits, and one that started and never ended joins the running ones only if
-- its status says it runs, as queue_depth_at.sql counts them). One pass per time column;
-- only the arrival time has an index, so the other two read the table.
SELECT hour,
       SUM(arrived) AS arrived, SUM(started) AS started, SUM(finished) AS finished,
       SUM(failed) AS failed, SUM(dequeued_unstarted) AS dequeued_unstarted,
       SUM(joined_waiting) AS joined_waiting, SUM(joined_running) AS joined_running
FROM (
    SELECT {created_hour} AS hour,
           1 AS arrived, 0 AS started, 0 AS finished, 0 AS failed, 0 AS dequeued_unstarted,
           CASE WHEN COALESCE({started}, {finished}) IS NOT NULL OR {status} IN ({waiting_statuses})
                THEN 1 ELSE 0 END AS joined_waiting,
           0 AS joined_running
    FROM {table}
    WHERE {created} >= :from AND {created} < :to
    UNION ALL
    SELECT {started_hour}, 0, 1, 0, 0, 0, 0,
           CASE WHEN {finished} IS NOT NULL OR {status} IN ({running_statuses}) THEN 1 ELSE 0 END
    FROM {table}
    WHERE {started} >= :from AND {started} < :to
    UNION ALL
    SELECT {finished_hour}, 0, 0, 1,
           CASE WHEN {status} IN ({failed_statuses}) THEN 1 ELSE 0 END,
           CASE WHEN {started} IS NULL THEN 1 ELSE 0 END, 0, 0
    FROM {table}
    WHERE {finished} >= :from AND {finished} < :to
) AS events
GROUP BY hour
ORDER BY hour
