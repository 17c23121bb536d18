-- Primary key and unique indexes of one table with their columns (MySQL partitioning needs
-- the partitioning column in every one of them). Columns as a JSON array: a name may hold
-- any character.
-- The arrays are built with GROUP_CONCAT of JSON_QUOTE: MySQL 8's JSON_ARRAYAGG takes no
-- ORDER BY, and the key order matters.
SELECT INDEX_NAME AS index_name,
       INDEX_NAME = 'PRIMARY' AS is_primary,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(COLUMN_NAME) ORDER BY SEQ_IN_INDEX SEPARATOR ','), ']') AS columns
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
  AND NON_UNIQUE = 0
GROUP BY INDEX_NAME
ORDER BY 2 DESC, 1
