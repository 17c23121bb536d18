-- Client connections by command (Sleep = idle, Query = active, ...); PROCESS privilege
-- is needed to see other users' sessions.
SELECT COMMAND AS state, COUNT(*) AS sessions
FROM information_schema.PROCESSLIST
WHERE USER NOT IN ('system user', 'event_scheduler')
GROUP BY COMMAND
ORDER BY 2 DESC
