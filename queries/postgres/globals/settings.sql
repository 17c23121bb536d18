-- ALTER ROLE ... SET and ALTER DATABASE ... SET: per role, per database, per role in one
-- database (database is then set: those run once that database exists), and for every
-- role (ALTER ROLE ALL SET, neither a role nor a database). List-valued
-- settings (search_path and the like) are stored already quoted and are written as they
-- are; every other value is quoted as a literal.
SELECT d.datname AS database,
       format('ALTER %s%s SET %s TO %s',
              CASE WHEN s.setrole = 0 AND s.setdatabase = 0 THEN 'ROLE ALL'
                   WHEN s.setrole = 0 THEN format('DATABASE %I', d.datname) ELSE format('ROLE %I', r.rolname) END,
              CASE WHEN s.setrole <> 0 AND s.setdatabase <> 0 THEN format(' IN DATABASE %I', d.datname) ELSE '' END,
              split_part(c.setting, '=', 1),
              CASE WHEN split_part(c.setting, '=', 1) IN ('search_path', 'temp_tablespaces', 'session_preload_libraries',
                                                         'local_preload_libraries', 'shared_preload_libraries')
                   THEN substr(c.setting, strpos(c.setting, '=') + 1)
                   ELSE quote_literal(substr(c.setting, strpos(c.setting, '=') + 1)) END) AS sql
FROM pg_catalog.pg_db_role_setting s
LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
CROSS JOIN LATERAL unnest(s.setconfig) AS c(setting)
WHERE s.setrole = 0 OR (r.rolname !~ '^pg_' AND r.oid <> 10)
ORDER BY d.datname NULLS FIRST, r.rolname, c.setting
