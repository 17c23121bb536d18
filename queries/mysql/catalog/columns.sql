-- The columns of one table (in the current database unless a schema is given), with the
-- type facts the reports and jobs need: what kind of time a column holds, whether a value is exact,
-- how many digits a DECIMAL keeps after the point, and whether the server computes it
-- (a generated column is never copied).
SELECT TABLE_SCHEMA AS schema_name,
       COLUMN_NAME AS column_name,
       DATA_TYPE AS type_name,
       NUMERIC_SCALE AS numeric_scale,
       EXTRA LIKE '%GENERATED%' AS is_generated
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
ORDER BY ORDINAL_POSITION
