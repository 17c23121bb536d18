-- Statements running for at least ? seconds, longest first (not this session's).
SELECT ID AS pid,
       USER AS `user`,
       DB AS `database`,
       TIME AS seconds,
       STATE AS wait_state,
       LEFT(INFO, 200) AS query,
       COUNT(*) OVER () AS total
FROM information_schema.PROCESSLIST
WHERE COMMAND IN ('Query', 'Execute')
  AND ID <> CONNECTION_ID()
  AND USER NOT IN ('system user', 'event_scheduler')
  AND TIME >= ?
ORDER BY TIME DESC
LIMIT 20
