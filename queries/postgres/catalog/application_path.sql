-- The session's own search_path (from the role, database, server or URL) without pg_catalog
-- in it, so that PostgreSQL searches pg_catalog first, before every schema listed, as it
-- does when a path does not name it: no function or operator in an application schema
-- stands in for a built-in of the same name and arguments (CVE-2018-1058), and new objects
-- are still made in the first schema listed. Every session starts with it; a session that
-- otherwise reads the catalogs only (search_path = pg_catalog) takes it back for a statement
-- that must find the application's tables by name. The path's entries are taken apart as
-- written (a quoted name may hold commas and quotes), and kept even when they do not exist
-- yet ("$user", a schema a restore is about to create). Every call here names its schema:
-- the path it starts from may list an application schema before pg_catalog.
RESET search_path;
SELECT pg_catalog.set_config('search_path',
           pg_catalog.array_to_string(ARRAY(
               SELECT t.entry[1]
               FROM pg_catalog.regexp_matches(pg_catalog.current_setting('search_path'),
                                              '\s*("(?:[^"]|"")*"|[^",\s][^,]*?)\s*(?:,|$)', 'g')
                    WITH ORDINALITY AS t (entry, position)
               WHERE pg_catalog.lower(t.entry[1]) OPERATOR(pg_catalog.<>) 'pg_catalog'
                 AND t.entry[1] OPERATOR(pg_catalog.<>) '"pg_catalog"'
               ORDER BY t.position), ', '),
           false)
