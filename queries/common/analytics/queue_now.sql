-- The same on PostgreSQL and MySQL/MariaDB (queries/common).
-- The queue now: rows in each status still waiting or being worked on, and when the
-- oldest of them arrived, as seconds since 1970 ({oldest_epoch}: MIN(created) read as UTC,
-- written per engine). The status list is bound values; (status, created) is the index
-- such a queue has.
SELECT {status} AS status,
       COUNT(*) AS row_count,
       {oldest_epoch} AS oldest_epoch
FROM {table}
WHERE {status} IN ({open_statuses})
GROUP BY {status}
