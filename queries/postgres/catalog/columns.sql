-- The columns of one table (found through the search_path unless a schema is given),
-- with the type facts the reports and jobs need: what kind of time a column holds, whether a value
-- is exact, how many digits a numeric keeps after the point, and whether the server
-- computes it (a generated column is never copied).
SELECT n.nspname AS schema_name,
       a.attname AS column_name,
       t.typname AS type_name,
       t.typcategory AS type_category,
       CASE WHEN t.typname = 'numeric' AND a.atttypmod >= 4 THEN (a.atttypmod - 4) & 65535 END AS numeric_scale,
       a.attgenerated <> '' AS is_generated
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.oid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                               ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attnum
