-- Statements running for at least $1 seconds, longest first (not this session's).
SELECT pid,
       usename AS "user",
       datname AS database,
       application_name,
       round(extract(epoch FROM now() - query_start)::numeric, 1) AS seconds,
       wait_event_type,
       left(query, 200) AS query,
       count(*) OVER () AS total
FROM pg_stat_activity
WHERE state = 'active'
  AND backend_type = 'client backend'
  AND pid <> pg_backend_pid()
  AND query_start <= now() - make_interval(secs => $1::float8)
ORDER BY query_start
LIMIT 20
