-- The session's own search_path back (from the role, database, server or URL), with
-- pg_catalog put first, for a statement that must find the application's tables by name
-- in a session that otherwise reads the catalogs only (search_path = pg_catalog). Every
-- call here names its schema: the path it restores may list an application schema
-- before pg_catalog.
RESET search_path;
SELECT pg_catalog.set_config('search_path', 'pg_catalog, ' OPERATOR(pg_catalog.||) pg_catalog.current_setting('search_path'), false)
