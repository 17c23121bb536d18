-- Databases a whole-server backup cannot take, as pg_dumpall cannot: those that do not allow
-- connections (ALLOW_CONNECTIONS false), but template0, which every server has so. Each is
-- named in a warning rather than left out without a word.
SELECT datname AS name
FROM pg_catalog.pg_database
WHERE NOT datallowconn AND datname <> 'template0'
ORDER BY datname
