-- Foreign keys that point at one table: the child table and its columns, and the parent
-- columns they reference, in key order (JSON arrays: a name may hold any character), and
-- whether the key forbids deleting a parent row still referenced (NO ACTION, RESTRICT)
-- rather than cascading or clearing the reference, and whether it cascades the delete. Constraints cloned onto partitions are
-- left out (the partitioned parent's own constraint stands for them).
SELECT con.conname AS constraint_name,
       cn.nspname AS child_schema,
       c.relname AS child_table,
       pg_catalog.to_json(ARRAY(SELECT a.attname FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                     ORDER BY k.position))::text AS child_columns,
       pg_catalog.to_json(ARRAY(SELECT a.attname FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                     ORDER BY k.position))::text AS parent_columns,
       con.confdeltype IN ('a', 'r') AS restricts_delete,
       con.confdeltype = 'c' AS cascades_delete
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace cn ON cn.oid = c.relnamespace
WHERE con.contype = 'f'
  AND con.conparentid = 0
  AND con.confrelid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                                       ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
ORDER BY c.relname, con.conname
