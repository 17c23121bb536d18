-- MariaDB: a batch never waits for a row lock (it would risk a lock cycle with the application); it retries later.
SET SESSION innodb_lock_wait_timeout = 0
