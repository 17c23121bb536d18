-- Primary key and unique indexes of one table with their columns (MySQL partitioning needs
-- the partitioning column in every one of them). Columns as a JSON array: a name may hold
-- any character.
SELECT INDEX_NAME AS index_name,
       INDEX_NAME = 'PRIMARY' AS is_primary,
       JSON_ARRAYAGG(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
  AND NON_UNIQUE = 0
GROUP BY INDEX_NAME
ORDER BY 2 DESC, 1
