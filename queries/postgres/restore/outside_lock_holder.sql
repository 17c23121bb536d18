-- A restore session (application_name $1 or $2) that has waited more than $3 seconds for a
-- lock held by a session outside the restore, the longest waiting first. A holder that is
-- itself waiting for a lock only queues ahead of the restore (behind the restore's own
-- steps), so it does not count. The watch cancels the wait (cancel_lock_wait.sql) only
-- after it has kept what it found here.
SELECT w.pid,
       l.waitstart::text AS wait_started,
       pg_catalog.round(extract(epoch FROM pg_catalog.now() - l.waitstart)::numeric, 1) AS waiting_seconds,
       COALESCE((SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.oid = l.relation), l.locktype) AS object,
       pg_catalog.regexp_replace(pg_catalog.left(w.query, 100), '\s+', ' ', 'g')
           || CASE WHEN pg_catalog.length(w.query) > 100 THEN '...' ELSE '' END AS query,
       h.pid AS holder_pid,
       h.usename AS holder_user,
       h.application_name AS holder_application,
       h.state AS holder_state,
       pg_catalog.round(extract(epoch FROM pg_catalog.now() - h.xact_start)::numeric) AS holder_transaction_seconds
FROM pg_stat_activity w
JOIN pg_locks l ON l.pid = w.pid AND NOT l.granted
CROSS JOIN LATERAL pg_catalog.unnest(pg_catalog.pg_blocking_pids(w.pid)) AS b(pid)
JOIN pg_stat_activity h ON h.pid = b.pid
WHERE w.datname = pg_catalog.current_database()
  AND h.backend_type = 'client backend'  -- autovacuum gives way by itself
  AND w.application_name IN ($1, $2)
  AND h.application_name NOT IN ($1, $2)
  AND h.wait_event_type IS DISTINCT FROM 'Lock'
  AND l.waitstart < pg_catalog.now() - pg_catalog.make_interval(secs => $3)
ORDER BY l.waitstart
LIMIT 1
