-- Foreign keys that point at one table: the child table and its columns, and the parent
-- columns they reference, in key order (JSON arrays: a name may hold any character).
SELECT CONSTRAINT_NAME AS constraint_name,
       TABLE_SCHEMA AS child_schema,
       TABLE_NAME AS child_table,
       JSON_ARRAYAGG(COLUMN_NAME ORDER BY ORDINAL_POSITION) AS child_columns,
       JSON_ARRAYAGG(REFERENCED_COLUMN_NAME ORDER BY ORDINAL_POSITION) AS parent_columns
FROM information_schema.KEY_COLUMN_USAGE
WHERE REFERENCED_TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND REFERENCED_TABLE_NAME = :table
GROUP BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME
ORDER BY TABLE_NAME, CONSTRAINT_NAME
