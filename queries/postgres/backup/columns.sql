-- Columns a backup copies, in table order: generated columns are computed again on restore.
-- binary_io: the type has binary send/receive functions, so COPY (FORMAT binary) can carry it.
SELECT a.attrelid::bigint AS oid,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       (t.typsend <> 0 AND t.typreceive <> 0) AS binary_io
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relkind = 'r'
  AND a.attnum > 0
  AND NOT a.attisdropped
  AND a.attgenerated = ''
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY a.attrelid, a.attnum
