-- The partitions of one partitioned table with their bounds as PostgreSQL prints them
-- ("FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')", "DEFAULT").
-- pg_get_expr is given no relation (0): a bound holds constants only, and with the
-- partition's OID PostgreSQL 15.x locks the partition, so the read waited behind a
-- migration holding it (a --check from monitoring included).
SELECT c.relname AS name,
       n.nspname AS schema_name,
       pg_catalog.pg_get_expr(c.relpartbound, 0) AS bound
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.inhparent = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                                     ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
ORDER BY c.relname
