-- Lock requests not granted yet, and the longest wait (PostgreSQL 14+: waitstart).
SELECT count(*) AS waiting,
       COALESCE(max(round(extract(epoch FROM now() - waitstart)::numeric)), 0) AS longest_wait_seconds,
       count(DISTINCT pid) AS waiting_sessions
FROM pg_locks
WHERE NOT granted
