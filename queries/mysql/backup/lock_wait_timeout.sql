-- How long a backup session waits for a metadata lock, in seconds: the leader's FLUSH TABLES
-- WITH READ LOCK (or BACKUP STAGE), and each worker's reads of its tables.
SET SESSION lock_wait_timeout = ?
