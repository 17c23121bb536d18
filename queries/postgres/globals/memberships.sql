-- Who is a member of which role (predefined roles such as pg_monitor included), with
-- ADMIN OPTION, after every role exists.
SELECT format('GRANT %I TO %I%s', r.rolname, m.rolname,
              CASE WHEN am.admin_option THEN ' WITH ADMIN OPTION' ELSE '' END) AS sql
FROM pg_catalog.pg_auth_members am
JOIN pg_catalog.pg_roles r ON r.oid = am.roleid
JOIN pg_catalog.pg_roles m ON m.oid = am.member
WHERE m.rolname !~ '^pg_'
  AND m.oid <> 10
  AND r.oid <> 10
ORDER BY r.rolname, m.rolname
