-- Tables bearing partition retention's mark: dbops partitions comments the table it swaps
-- a partition into "dbops retention, dumped and dropped by dbops partitions: {...}" and
-- takes every table so marked for one still to be dumped and dropped (Archive/Partitions/
-- SetAsideMarker.swift). A table `restore --table` creates from a retired partition's file
-- carries the comment, and beside its old table would be retired again.
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_TYPE = 'BASE TABLE'
  AND TABLE_COMMENT LIKE 'dbops retention, dumped and dropped by dbops partitions: %'
