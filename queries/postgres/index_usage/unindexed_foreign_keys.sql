-- Foreign keys whose columns do not lead any valid index of the referencing table:
-- every DELETE or key UPDATE on the referenced table scans it. (Constraints a partition
-- inherits from its parent are reported once, on the parent.)
SELECT n.nspname AS schema,
       t.relname AS "table",
       c.conname AS constraint_name,
       array_to_string(ARRAY(SELECT quote_ident(a.attname)
                             FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                             ORDER BY k.ord), ', ') AS columns,
       c.confrelid::regclass::text AS referenced_table,
       t.relkind = 'p' AS is_partitioned
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'f'
  AND c.conparentid = 0
  AND NOT EXISTS (
      SELECT 1
      FROM pg_index i
      WHERE i.indrelid = c.conrelid
        AND i.indisvalid
        AND i.indpred IS NULL
        AND (SELECT array_agg(x ORDER BY x)
             FROM unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)]) x)
          = (SELECT array_agg(x ORDER BY x) FROM unnest(c.conkey) x))
ORDER BY 1, 2, 3
