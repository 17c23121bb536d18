-- Tables of this database another session holds so that the job cannot write them:
-- LOCK TABLES ... WRITE or READ, an ALTER TABLE copying the table, a DDL's exclusive
-- moment. MariaDB shows metadata locks only through the metadata_lock_info plugin
-- (INSTALL SONAME 'metadata_lock_info'); without it this statement fails and the tables go
-- unnamed. Read right after a job gave up at its lock timeout: the server's "Lock wait
-- timeout exceeded" names no table.
SELECT DISTINCT CONCAT('`', REPLACE(m.TABLE_NAME, '`', '``'), '`') AS name,
       m.TABLE_SCHEMA AS schema_name,
       m.TABLE_NAME AS table_name
FROM information_schema.METADATA_LOCK_INFO m
WHERE m.LOCK_TYPE = 'Table metadata lock'
  AND m.LOCK_MODE IN ('MDL_SHARED_READ_ONLY', 'MDL_SHARED_NO_WRITE', 'MDL_SHARED_NO_READ_WRITE', 'MDL_EXCLUSIVE')
  AND m.THREAD_ID <> CONNECTION_ID()
  AND m.TABLE_SCHEMA = DATABASE()
ORDER BY 1
