-- How long FLUSH TABLES WITH READ LOCK (or BACKUP STAGE) may wait, in seconds.
SET SESSION lock_wait_timeout = ?
