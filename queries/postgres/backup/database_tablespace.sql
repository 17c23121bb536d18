-- The database's default tablespace, when it is not pg_default: restore --create makes the
-- database there, as pg_restore --create does (tables without one of their own go there).
SELECT t.spcname AS name
FROM pg_catalog.pg_database d
JOIN pg_catalog.pg_tablespace t ON t.oid OPERATOR(pg_catalog.=) d.dattablespace
WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()
  AND t.spcname OPERATOR(pg_catalog.<>) 'pg_default'
