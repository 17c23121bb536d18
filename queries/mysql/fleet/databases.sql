-- The databases (schemas) of a server a fleet run can work on: all but the system ones
-- (MySQL has no template databases).
SELECT SCHEMA_NAME AS name, 0 AS template
FROM information_schema.SCHEMATA
WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
ORDER BY SCHEMA_NAME
