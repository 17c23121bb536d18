-- The partitions of one table: method (RANGE, RANGE COLUMNS, ...), expression
-- ("unix_timestamp(`created_at`)", "`created_at`"), and each upper bound as MySQL stores it
-- (a number, a quoted date, or MAXVALUE). One row with a NULL name: not partitioned.
SELECT PARTITION_NAME AS name,
       PARTITION_METHOD AS method,
       PARTITION_EXPRESSION AS expression,
       PARTITION_DESCRIPTION AS bound,
       TABLE_ROWS AS estimated_rows
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_NAME = :table
ORDER BY PARTITION_ORDINAL_POSITION
