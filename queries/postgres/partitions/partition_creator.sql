-- The partitions dbops adds are made by the table's owner, as when the application adds
-- one itself, in this transaction only. Made by dbops' role (often a superuser in cron),
-- a partition would be that role's: the application's next migration would fail on it
-- (ALTER TABLE on the parent recurses into every partition and needs to own each, as
-- TRUNCATE needs its privilege on each), and the owner's ALTER DEFAULT PRIVILEGES grants
-- would not reach it. Only when dbops' role may act as the owner and the owner may create
-- in the schema (and the parent's tablespace, where the partition goes) and read the
-- parent (LIKE copies it); else, no row: dbops makes the partition as itself.
SELECT pg_catalog.set_config('role', r.rolname, true) AS role
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) c.relowner
WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(:parent)
  AND r.rolname OPERATOR(pg_catalog.<>) CURRENT_USER
  -- SET ROLE needs membership up to PostgreSQL 15, the membership's SET option from 16
  -- (which knows the 'SET' privilege; 15 would reject the word).
  AND pg_catalog.pg_has_role(r.oid, CASE WHEN pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.>=) 160000
                                         THEN 'SET' ELSE 'MEMBER' END)
  AND pg_catalog.has_schema_privilege(r.oid, c.relnamespace, 'CREATE')
  AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT')
  AND (c.reltablespace OPERATOR(pg_catalog.=) 0
       OR pg_catalog.has_tablespace_privilege(r.oid, c.reltablespace, 'CREATE'))
