-- The columns of one table (in the current database unless a schema is given), with the
-- type facts the reports and jobs need: what kind of time a column holds, whether a value is exact,
-- and how many digits a DECIMAL keeps after the point.
SELECT TABLE_SCHEMA AS schema_name,
       COLUMN_NAME AS column_name,
       DATA_TYPE AS type_name,
       NUMERIC_SCALE AS numeric_scale
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
ORDER BY ORDINAL_POSITION
