-- ACCESS EXCLUSIVE locks held on tables and indexes (they block even plain reads), by how
-- long their transaction has been open: the lock is at most that old. Temporary tables and
-- this session are left out.
SELECT l.pid,
       n.nspname AS schema,
       c.relname AS relation,
       a.usename AS "user",
       a.state,
       round(extract(epoch FROM now() - a.xact_start)::numeric) AS seconds,
       left(a.query, 200) AS query
FROM pg_locks l
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.granted
  AND l.locktype = 'relation'
  AND l.mode = 'AccessExclusiveLock'
  AND c.relpersistence <> 't'
  AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY seconds DESC NULLS LAST
