-- The queue right now: rows in each open status (waiting or being worked on) and when the
-- oldest of them arrived, as seconds since 1970 (a timestamp without time zone read as
-- UTC). The status list is bound values; (status, created) is the index such a queue has.
SELECT CAST({status} AS text) AS status,
       COUNT(*) AS rows,
       EXTRACT(EPOCH FROM MIN({created})) AS oldest_epoch
FROM {table}
WHERE {status} IN ({open_statuses})
GROUP BY {status}
