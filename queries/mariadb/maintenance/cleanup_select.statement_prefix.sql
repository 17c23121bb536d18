-- The maintenance session runs with innodb_lock_wait_timeout = 0 (it never waits for a row
-- lock), but MariaDB 10.11 then fails SKIP LOCKED with error 1180 ("Got error 1 during
-- COMMIT") at the first row another transaction holds instead of skipping it. For this one
-- statement the wait is 1 s: SKIP LOCKED never waits for a held row, it passes it by.
SET STATEMENT innodb_lock_wait_timeout = 1 FOR
