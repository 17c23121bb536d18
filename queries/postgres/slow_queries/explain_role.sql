-- The statement's own role for the EXPLAIN that follows, in this transaction only, when
-- dbops' role may act as it (a superuser may act as any): planning runs the IMMUTABLE
-- functions the statement calls with constant arguments, which may be its application's
-- own, and they should run with the application's rights, not dbops'. The plan is then the
-- one the application gets (its row security policies, its "$user" on the path). No row:
-- the role is gone or not dbops' to take, and dbops plans the statement as itself.
SELECT pg_catalog.set_config('role', r.rolname, true) AS role
FROM pg_catalog.pg_roles r
WHERE r.oid OPERATOR(pg_catalog.=) pg_catalog.to_regrole($1)
  -- SET ROLE needs membership up to PostgreSQL 15, the membership's SET option from 16
  -- (which knows the 'SET' privilege; 15 would reject the word).
  AND pg_catalog.pg_has_role(r.oid, CASE WHEN pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.>=) 160000
                                         THEN 'SET' ELSE 'MEMBER' END)
