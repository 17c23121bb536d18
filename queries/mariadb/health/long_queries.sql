-- Statements running for at least ? seconds, longest first (not this session's).
-- MariaDB keeps milliseconds in TIME_MS.
SELECT ID AS pid,
       USER AS `user`,
       DB AS `database`,
       ROUND(TIME_MS / 1000, 1) AS seconds,
       STATE AS wait_state,
       LEFT(INFO, 200) AS query,
       COUNT(*) OVER () AS total
FROM information_schema.PROCESSLIST
WHERE COMMAND IN ('Query', 'Execute')
  AND ID <> CONNECTION_ID()
  AND USER NOT IN ('system user', 'event_scheduler')
  AND TIME_MS >= ? * 1000
ORDER BY TIME_MS DESC
LIMIT 20
