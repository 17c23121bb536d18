-- The primary key columns of one table, in key order (found through the search_path
-- unless a schema is given).
SELECT a.attname AS column_name
FROM pg_index i
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = to_regclass(CASE WHEN :schema::text IS NULL THEN quote_ident(:table)
                                    ELSE quote_ident(:schema) || '.' || quote_ident(:table) END)
  AND i.indisprimary
ORDER BY k.position
