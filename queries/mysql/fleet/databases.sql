-- The databases (schemas) of a server a fleet run can work on: all but the system ones
-- (MySQL has no template databases), and but the #mysql50# names MariaDB gives a folder of
-- its data directory that no database made: lost+found, where the data directory is a
-- file system of its own, is the usual one (mariadb-dump --all-databases fails on it,
-- "Incorrect database name").
SELECT SCHEMA_NAME AS name, 0 AS template
FROM information_schema.SCHEMATA
WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
  AND SCHEMA_NAME NOT LIKE '#mysql50#%'
ORDER BY SCHEMA_NAME
