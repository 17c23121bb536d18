-- Password hashes (SCRAM or MD5, never the password itself), only when the backup is
-- asked to keep them: pg_authid is readable by superusers alone.
SELECT a.rolname AS name,
       format('ALTER ROLE %I WITH PASSWORD %L', a.rolname, a.rolpassword) AS sql
FROM pg_catalog.pg_authid a
WHERE a.rolname !~ '^pg_'
  AND a.oid <> 10
  AND a.rolpassword IS NOT NULL
ORDER BY a.rolname
