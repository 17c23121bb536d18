-- Primary key and unique indexes of one table with their columns (a partitioned table needs
-- its partition key in every one of them). Columns as a JSON array: a name may hold any
-- character.
SELECT c.relname AS index_name,
       i.indisprimary AS is_primary,
       pg_catalog.json_agg(a.attname ORDER BY k.position)::text AS columns
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                                    ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
  AND i.indisunique
GROUP BY c.relname, i.indisprimary
ORDER BY 2 DESC, 1
