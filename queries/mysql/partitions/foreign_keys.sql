-- Foreign keys that stop a table from being partitioned: its own, and those of other
-- tables pointing at it (InnoDB partitioned tables can have neither, ERROR 1506). The
-- advice drops each one by name, on the table that holds it.
SELECT DISTINCT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name
FROM information_schema.KEY_COLUMN_USAGE
WHERE REFERENCED_TABLE_NAME IS NOT NULL
  AND ((TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :table)
       OR (REFERENCED_TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND REFERENCED_TABLE_NAME = :table))
ORDER BY TABLE_NAME, CONSTRAINT_NAME
