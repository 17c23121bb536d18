-- Connections this role may still open to this database: the least of what the server
-- (max_connections, less the slots kept for superusers unless this role is one), the
-- role's CONNECTION LIMIT and the database's have left (neither binds a superuser). Only
-- client sessions count against max_connections.
SELECT least(
         pg_catalog.current_setting('max_connections')::int
           - CASE WHEN r.rolsuper THEN 0 ELSE pg_catalog.current_setting('superuser_reserved_connections')::int END
           - (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend'),
         CASE WHEN r.rolconnlimit >= 0 AND NOT r.rolsuper THEN
           r.rolconnlimit - (SELECT count(*) FROM pg_catalog.pg_stat_activity a
                             WHERE a.usesysid = r.oid AND a.backend_type = 'client backend') END,
         CASE WHEN d.datconnlimit >= 0 AND NOT r.rolsuper THEN
           d.datconnlimit - (SELECT count(*) FROM pg_catalog.pg_stat_activity a
                             WHERE a.datid = d.oid AND a.backend_type = 'client backend') END)
       AS connections_left
FROM pg_catalog.pg_roles r, pg_catalog.pg_database d
WHERE r.rolname = current_user AND d.datname = pg_catalog.current_database()
