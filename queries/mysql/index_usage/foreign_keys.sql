-- Foreign keys of the current schema with their columns (and referenced columns) in order,
-- as JSON arrays (a name may hold any character).
SELECT k.TABLE_NAME AS `table`,
       k.CONSTRAINT_NAME AS constraint_name,
       JSON_ARRAYAGG(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS columns,
       MAX(k.REFERENCED_TABLE_NAME) AS referenced_table,
       JSON_ARRAYAGG(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS referenced_columns
FROM information_schema.KEY_COLUMN_USAGE k
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME
ORDER BY 1, 2
