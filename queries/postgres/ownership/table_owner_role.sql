-- A table dbops makes from an application's table (a partition it adds, an archive table
-- it creates) is made by that table's owner, as when the application makes one itself, in
-- this transaction only. Made by dbops' role (often a superuser in cron), it would be that
-- role's: the application could not read its archive (nor pg_dump it as itself), its next
-- migration would fail on a partition (ALTER TABLE on the parent recurses into every
-- partition and needs to own each, as TRUNCATE needs its privilege on each), and the
-- owner's ALTER DEFAULT PRIVILEGES grants would not reach it. Only when dbops' role may
-- act as the owner and the owner may create in the new table's schema (:schema, quoted;
-- NULL: the table's own), in the table's tablespace too when :in_its_tablespace (where a
-- partition goes), and may read the table (LIKE copies it); else, no row: dbops makes the
-- new table as itself.
SELECT pg_catalog.set_config('role', r.rolname, true) AS role
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) c.relowner
WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(:table)
  AND r.rolname OPERATOR(pg_catalog.<>) CURRENT_USER
  -- SET ROLE needs membership up to PostgreSQL 15, the membership's SET option from 16
  -- (which knows the 'SET' privilege; 15 would reject the word).
  AND pg_catalog.pg_has_role(r.oid, CASE WHEN pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.>=) 160000
                                         THEN 'SET' ELSE 'MEMBER' END)
  -- And holds the owner's privileges without SET ROLE (INHERIT): dbops goes on writing to
  -- what it made (archive batches, a partition's retention) as itself.
  AND pg_catalog.pg_has_role(r.oid, 'USAGE')
  AND pg_catalog.has_schema_privilege(r.oid, CASE WHEN CAST(:schema AS text) IS NULL THEN c.relnamespace
                                                  ELSE pg_catalog.to_regnamespace(:schema) END, 'CREATE')
  AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT')
  AND (NOT :in_its_tablespace OR c.reltablespace OPERATOR(pg_catalog.=) 0
       OR pg_catalog.has_tablespace_privilege(r.oid, c.reltablespace, 'CREATE'))
