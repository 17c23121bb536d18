-- Sessions idle inside an open transaction for at least $1 seconds: they hold locks and
-- keep vacuum from removing dead rows.
SELECT pid,
       usename AS "user",
       datname AS database,
       application_name,
       round(extract(epoch FROM now() - state_change)::numeric, 1) AS idle_seconds,
       round(extract(epoch FROM now() - xact_start)::numeric, 1) AS transaction_seconds,
       state,
       left(query, 200) AS last_query,
       count(*) OVER () AS total
FROM pg_stat_activity
WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
  AND state_change <= now() - make_interval(secs => $1::float8)
ORDER BY state_change
LIMIT 20
