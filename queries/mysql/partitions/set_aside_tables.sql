-- Retention: standalone tables holding a retired partition's rows (dbops_retired_...), with
-- the comment that names where they came from, and the tables whose names extend the
-- rule's table's (<table>_...): an unmarked dbops_retired_<table>_x_p1 may be partition
-- p1 of <table>_x. Names are compared exactly by the caller (these columns compare
-- without regard to case).
SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND TABLE_TYPE = 'BASE TABLE'
  AND (LEFT(TABLE_NAME, 14) = 'dbops_retired_'
       OR LEFT(TABLE_NAME, CHAR_LENGTH(:table) + 1) = CONCAT(:table, '_'))
ORDER BY TABLE_NAME
