-- The materialized view $1, if it exists.
SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid = pg_catalog.to_regclass($1) AND c.relkind = 'm'
