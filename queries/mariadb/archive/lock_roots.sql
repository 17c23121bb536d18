-- An archive batch begins (MariaDB): as queries/common/archive/lock_roots.sql. The session's
-- innodb_lock_wait_timeout is 0, with which MariaDB 10.11 fails SKIP LOCKED (error 1180) at
-- the first row the application holds instead of skipping it; for this statement the wait
-- is 1 s, which SKIP LOCKED never spends on a held row.
SET STATEMENT innodb_lock_wait_timeout = 1 FOR
SELECT {columns}
FROM {table}
WHERE {condition}{after}
ORDER BY {keys}
LIMIT :limit
FOR UPDATE SKIP LOCKED
