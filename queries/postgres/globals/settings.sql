-- ALTER ROLE ... SET and ALTER DATABASE ... SET: per role, per database, per role in one
-- database (database is then set: those run once that database exists), and for every
-- role (ALTER ROLE ALL SET, neither a role nor a database). Every value is written as a
-- string literal; a list (search_path and the like) as one literal per element.
SELECT d.datname AS database,
       format('ALTER %s%s SET %s TO %s',
              CASE WHEN s.setrole = 0 AND s.setdatabase = 0 THEN 'ROLE ALL'
                   WHEN s.setrole = 0 THEN format('DATABASE %I', d.datname) ELSE format('ROLE %I', r.rolname) END,
              CASE WHEN s.setrole <> 0 AND s.setdatabase <> 0 THEN format(' IN DATABASE %I', d.datname) ELSE '' END,
              split_part(c.setting, '=', 1),
              CASE WHEN split_part(c.setting, '=', 1) IN ('search_path', 'temp_tablespaces', 'session_preload_libraries',
                                                         'local_preload_libraries', 'shared_preload_libraries')
                   -- Each element of the list as a string literal, as pg_dumpall writes it:
                   -- its stored form quotes elements as identifiers, and the SQL parser
                   -- refuses an empty one ("") and cuts a long one to 63 bytes.
                   THEN (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(
                                  CASE WHEN m[1] IS NOT NULL THEN pg_catalog.replace(m[1], '""', '"') ELSE m[2] END),
                                  ', ' ORDER BY n)
                         FROM pg_catalog.regexp_matches(substr(c.setting, strpos(c.setting, '=') + 1),
                                                        '\s*(?:"((?:[^"]|"")*)"|([^,\s]+))\s*(?:,|$)', 'g')
                              WITH ORDINALITY AS element(m, n))
                   ELSE quote_literal(substr(c.setting, strpos(c.setting, '=') + 1)) END) AS sql
FROM pg_catalog.pg_db_role_setting s
LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
CROSS JOIN LATERAL unnest(s.setconfig) AS c(setting)
WHERE s.setrole = 0 OR (r.rolname !~ '^pg_' AND r.oid <> 10)
ORDER BY d.datname NULLS FIRST, r.rolname, c.setting
