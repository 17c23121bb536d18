-- Name $1 as pg_dump writes it in a statement (quoted where needed): how a schema being
-- created appears in an extension's WITH SCHEMA and in names of its objects.
SELECT pg_catalog.quote_ident($1)
