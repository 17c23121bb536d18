-- Client sessions whose transaction has been open for at least $1 seconds, whatever they
-- are doing now: a long batch of short statements in one transaction is neither a long
-- query nor idle, yet it holds every lock it took, and its snapshot (holds_snapshot) keeps
-- vacuum from removing any row that died since it began (check_postgres' txn_time).
-- Autovacuum workers and replication senders are left out: their transactions are theirs.
SELECT pid,
       usename AS "user",
       datname AS database,
       application_name,
       round(extract(epoch FROM now() - xact_start)::numeric, 1) AS transaction_seconds,
       state,
       backend_xmin IS NOT NULL AS holds_snapshot,
       left(query, 200) AS last_query,
       count(*) OVER () AS total
FROM pg_stat_activity
WHERE xact_start <= now() - make_interval(secs => $1::float8)
  AND backend_type = 'client backend'
  AND pid <> pg_backend_pid()
ORDER BY xact_start
LIMIT 20
