-- The databases of a server a fleet run can work on: those that allow connections, but
-- template0 and template1, every server's own. A database marked IS_TEMPLATE (a template an
-- application creates its databases from) is listed as such: a whole-server backup keeps
-- it, as pg_dumpall does; the checks and reports leave it out.
SELECT datname AS name, datistemplate::int AS template
FROM pg_catalog.pg_database
WHERE datallowconn AND NOT (datistemplate AND datname IN ('template0', 'template1'))
ORDER BY datname
