-- The queue right now: rows in each open status (waiting or being worked on) and when the
-- oldest of them arrived, as seconds since 1970 (the session is on UTC, so TIMESTAMP and
-- DATETIME read alike). The status list is bound values; (status, created) is the index
-- such a queue has.
SELECT CAST({status} AS CHAR) AS status,
       COUNT(*) AS `rows`,
       TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', MIN({created})) / 1000000 AS oldest_epoch
FROM {table}
WHERE {status} IN ({open_statuses})
GROUP BY {status}
