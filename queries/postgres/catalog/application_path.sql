-- The session's own search_path (from the role, database, server or URL) without pg_catalog
-- in it, so that PostgreSQL searches pg_catalog first, before every schema listed, as it
-- does when a path does not name it: no function or operator in an application schema
-- stands in for a built-in of the same name and arguments (CVE-2018-1058), and new objects
-- are still made in the first schema listed. Every session starts with it; a session that
-- otherwise reads the catalogs only (search_path = pg_catalog) takes it back for a statement
-- that must find the application's tables by name. Every call here names its schema: the
-- path it starts from may list an application schema before pg_catalog.
RESET search_path;
SELECT pg_catalog.set_config('search_path',
           pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(s)
                                            FROM pg_catalog.unnest(pg_catalog.current_schemas(false)) AS s
                                            WHERE s OPERATOR(pg_catalog.<>) 'pg_catalog'), ', '),
           false)
