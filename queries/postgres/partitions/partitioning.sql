-- How one table is partitioned: whether it is, the strategy (r = RANGE), the key as
-- pg_get_partkeydef prints it, the key column and its type when the key is one plain
-- column, and the tablespace its new partitions go to (a partitioned table's own, when
-- it names one, as CREATE TABLE ... PARTITION OF uses it).
SELECT c.relkind = 'p' AS partitioned,
       pt.partstrat AS strategy,
       pg_catalog.pg_get_partkeydef(c.oid) AS partition_key,
       pt.partnatts AS key_columns,
       a.attname AS key_column,
       t.typname AS key_type,
       n.nspname AS schema_name,
       s.spcname AS tablespace
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_tablespace s ON s.oid = c.reltablespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0] AND pt.partattrs[0] <> 0
LEFT JOIN pg_type t ON t.oid = a.atttypid
WHERE c.oid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                               ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
