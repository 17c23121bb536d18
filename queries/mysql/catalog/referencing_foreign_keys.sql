-- Foreign keys that point at one table: the child table and its columns, and the parent
-- columns they reference, in key order.
SELECT CONSTRAINT_NAME AS constraint_name,
       TABLE_SCHEMA AS child_schema,
       TABLE_NAME AS child_table,
       GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ',') AS child_columns,
       GROUP_CONCAT(REFERENCED_COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ',') AS parent_columns
FROM information_schema.KEY_COLUMN_USAGE
WHERE REFERENCED_TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND REFERENCED_TABLE_NAME = :table
GROUP BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME
ORDER BY TABLE_NAME, CONSTRAINT_NAME
