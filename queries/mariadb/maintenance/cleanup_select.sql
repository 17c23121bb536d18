-- A cleanup batch, step 1 of 2 (MariaDB): as queries/mysql/maintenance/cleanup_select.sql.
-- The maintenance session runs with innodb_lock_wait_timeout = 0 (it never waits for a row
-- lock), but MariaDB 10.11 then fails SKIP LOCKED with error 1180 ("Got error 1 during
-- COMMIT") at the first row another transaction holds instead of skipping it. For this one
-- statement the wait is 1 s: SKIP LOCKED never waits for a held row, it passes it by.
SET STATEMENT innodb_lock_wait_timeout = 1 FOR
SELECT {keys}
FROM {table}
WHERE {column} < :cutoff{after}
ORDER BY {order}
LIMIT :limit
FOR UPDATE SKIP LOCKED
