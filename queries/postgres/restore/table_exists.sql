-- The table $1, if it exists.
SELECT pg_catalog.to_regclass($1)::text
