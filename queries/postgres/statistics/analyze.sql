-- Fresh planner statistics for one table. ANALYZE reads a sample of the table under a
-- SHARE UPDATE EXCLUSIVE lock: the application reads and writes on, but DDL, VACUUM and
-- another ANALYZE of the table wait, or it waits for them (the session's lock_timeout
-- bounds that: a table another session holds is left for the next run).
ANALYZE {table}
