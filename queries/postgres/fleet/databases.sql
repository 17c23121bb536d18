-- The databases of a server a fleet run can work on: those that allow connections, not
-- the templates.
SELECT datname AS name
FROM pg_database
WHERE datallowconn AND NOT datistemplate
ORDER BY datname
