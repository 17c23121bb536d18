-- Schema $1 and name $2 as pg_dump writes them in a statement (quoted where needed).
SELECT pg_catalog.quote_ident($1) || '.' || pg_catalog.quote_ident($2)
