-- Every index of the current schema with its columns in order (a JSON array: a name may
-- hold any character; prefix lengths included),
-- uniqueness and type, and its size where InnoDB keeps it (mysql.innodb_index_stats).
-- The arrays are built with GROUP_CONCAT of JSON_QUOTE: MySQL 8's JSON_ARRAYAGG takes no
-- ORDER BY, and the key order matters.
SELECT s.TABLE_NAME AS `table`,
       s.INDEX_NAME AS `index`,
       s.INDEX_TYPE AS method,
       s.INDEX_NAME = 'PRIMARY' AS is_primary,
       s.NON_UNIQUE = 0 AS is_unique,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(CONCAT(s.COLUMN_NAME, COALESCE(CONCAT('(', s.SUB_PART, ')'), ''))) ORDER BY s.SEQ_IN_INDEX SEPARATOR ','), ']') AS columns,
       COUNT(*) AS key_count,
       t.DATA_LENGTH AS table_bytes
FROM information_schema.STATISTICS s
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
WHERE s.TABLE_SCHEMA = DATABASE()
GROUP BY s.TABLE_NAME, s.INDEX_NAME, s.INDEX_TYPE, s.NON_UNIQUE, t.DATA_LENGTH
ORDER BY s.TABLE_NAME, s.INDEX_NAME
