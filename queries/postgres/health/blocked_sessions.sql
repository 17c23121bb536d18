-- Sessions waiting for a lock, who blocks them, and since when (pg_locks.waitstart).
SELECT a.pid,
       a.usename AS "user",
       a.datname AS database,
       round(extract(epoch FROM now() - COALESCE(
           (SELECT min(l.waitstart) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted),
           a.state_change))::numeric, 1) AS waiting_seconds,
       array_to_string(pg_blocking_pids(a.pid), ',') AS blocked_by,
       a.wait_event_type || ':' || a.wait_event AS wait,
       left(a.query, 200) AS query,
       count(*) OVER () AS total
FROM pg_stat_activity a
WHERE a.wait_event_type = 'Lock'
  AND cardinality(pg_blocking_pids(a.pid)) > 0
ORDER BY waiting_seconds DESC
LIMIT 20
