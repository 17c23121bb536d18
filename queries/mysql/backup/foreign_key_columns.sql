-- Foreign keys of this schema with their columns, for restore --table: which tables
-- outside the reloaded set reference it, and which referencing rows to check for a
-- parent before commit. Column lists in key order, as JSON arrays (a name may hold any
-- character).
SELECT k.CONSTRAINT_NAME AS name,
       k.TABLE_SCHEMA AS child_schema, k.TABLE_NAME AS child_table,
       k.REFERENCED_TABLE_SCHEMA AS parent_schema, k.REFERENCED_TABLE_NAME AS parent_table,
       JSON_ARRAYAGG(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS child_columns,
       JSON_ARRAYAGG(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS parent_columns
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.TABLE_SCHEMA = DATABASE()
  AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.CONSTRAINT_NAME, k.TABLE_SCHEMA, k.TABLE_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME
ORDER BY 2, 3, 1
