-- The server's roles as the statements that recreate them, as pg_dumpall --globals-only
-- --no-role-passwords writes them: created when missing (so a role the target already
-- has is kept), then given the source's attributes and comment. Predefined roles (pg_*)
-- and the bootstrap superuser are every server's own and are left out.
SELECT r.rolname AS name,
       format('DO $dbops$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = %L) '
              'THEN CREATE ROLE %I; END IF; END $dbops$', r.rolname, r.rolname) AS create_sql,
       format('ALTER ROLE %I WITH %s %s %s %s %s %s %s CONNECTION LIMIT %s%s', r.rolname,
              CASE WHEN r.rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
              CASE WHEN r.rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
              CASE WHEN r.rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
              CASE WHEN r.rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
              CASE WHEN r.rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
              CASE WHEN r.rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END,
              CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END,
              r.rolconnlimit,
              CASE WHEN r.rolvaliduntil IS NOT NULL
                   THEN format(' VALID UNTIL %L', r.rolvaliduntil) ELSE '' END) AS alter_sql,
       CASE WHEN pg_catalog.shobj_description(r.oid, 'pg_authid') IS NOT NULL
            THEN format('COMMENT ON ROLE %I IS %L', r.rolname, pg_catalog.shobj_description(r.oid, 'pg_authid'))
       END AS comment_sql
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_'
  AND r.oid <> 10
ORDER BY r.rolname
