-- Foreign keys of this schema with their columns, for restore --table: which tables
-- outside the reloaded set reference it, and which referencing rows to check for a
-- parent before commit. Column lists in key order, as JSON arrays (a name may hold any
-- character).
-- The arrays are built with GROUP_CONCAT of JSON_QUOTE: MySQL 8's JSON_ARRAYAGG takes no
-- ORDER BY, and the key order matters.
SELECT k.CONSTRAINT_NAME AS name,
       k.TABLE_SCHEMA AS child_schema, k.TABLE_NAME AS child_table,
       k.REFERENCED_TABLE_SCHEMA AS parent_schema, k.REFERENCED_TABLE_NAME AS parent_table,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS child_columns,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.REFERENCED_COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS parent_columns
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.TABLE_SCHEMA = DATABASE()
  AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.CONSTRAINT_NAME, k.TABLE_SCHEMA, k.TABLE_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME
ORDER BY 2, 3, 1
