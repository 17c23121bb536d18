-- How the statements a whole-server restore holds back begin. own_statements: those
-- that would give the role it runs as the source's attributes, password and settings
-- ('ALTER ROLE name '), never applied to it (a NOLOGIN or NOSUPERUSER there would lock the
-- restore out of its own server). every_role: a setting for every role, applied once
-- every database is restored, since it reaches the restore's own new sessions too.
SELECT current_user AS name, 'ALTER ROLE ' || pg_catalog.quote_ident(current_user) || ' ' AS own_statements,
       'ALTER ROLE ALL ' AS every_role
