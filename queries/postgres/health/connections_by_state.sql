-- Client connections by state (active, idle, idle in transaction, ...).
SELECT COALESCE(state, 'unknown') AS state, count(*) AS sessions
FROM pg_stat_activity
WHERE backend_type = 'client backend'
GROUP BY 1
ORDER BY 2 DESC
