-- Valid indexes of one table whose first key column is :column (a time range on that
-- column can then be read through the index instead of the whole table).
SELECT c.relname AS index_name
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE i.indrelid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                                    ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
  AND i.indisvalid
  AND i.indpred IS NULL
  AND a.attname = :column
