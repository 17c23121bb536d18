-- The partitions of one partitioned table with their bounds as PostgreSQL prints them
-- ("FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')", "DEFAULT").
SELECT c.relname AS name,
       n.nspname AS schema_name,
       pg_get_expr(c.relpartbound, c.oid) AS bound
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.inhparent = to_regclass(CASE WHEN :schema::text IS NULL THEN quote_ident(:table)
                                     ELSE quote_ident(:schema) || '.' || quote_ident(:table) END)
ORDER BY c.relname
