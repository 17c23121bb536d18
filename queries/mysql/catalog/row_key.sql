-- The columns that name one row of a table, in key order (in the current database unless
-- a schema is given): its primary key, or else, as pt-archiver does, a unique index that
-- names one row as surely: every column NOT NULL, whole columns (no prefix length, no
-- expression). Of several, the one with the fewest columns, then the first by name.
SELECT s.COLUMN_NAME AS column_name
FROM information_schema.STATISTICS s
WHERE s.TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND s.TABLE_NAME = :table
  AND s.INDEX_NAME = (
      SELECT u.INDEX_NAME
      FROM information_schema.STATISTICS u
      WHERE u.TABLE_SCHEMA = COALESCE(:schema, DATABASE())
        AND u.TABLE_NAME = :table
        AND u.NON_UNIQUE = 0
      GROUP BY u.INDEX_NAME
      HAVING SUM(u.NULLABLE = 'YES') = 0
         AND SUM(u.SUB_PART IS NOT NULL) = 0
         AND SUM(u.COLUMN_NAME IS NULL) = 0
      ORDER BY u.INDEX_NAME <> 'PRIMARY', COUNT(*), u.INDEX_NAME
      LIMIT 1)
ORDER BY s.SEQ_IN_INDEX
