-- The role a whole-server restore runs as, and how the statements that would give it the
-- source's attributes, password and settings begin ('ALTER ROLE name '): those are not
-- applied to it (a NOLOGIN or NOSUPERUSER there would lock the restore out of its own
-- server).
SELECT current_user AS name, 'ALTER ROLE ' || pg_catalog.quote_ident(current_user) || ' ' AS own_statements
