-- How long a backup session waits for a table lock, in milliseconds, in this transaction:
-- the leader's ACCESS SHARE locks, and each worker's COPY.
SELECT set_config('lock_timeout', $1, true)
