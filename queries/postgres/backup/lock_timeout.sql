-- How long the leader waits for its ACCESS SHARE locks, in milliseconds, in this transaction.
SELECT set_config('lock_timeout', $1, true)
