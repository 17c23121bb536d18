-- Cancels the lock wait outside_lock_holder.sql found, only while that same wait goes on:
-- a later statement of the session is never cancelled.
SELECT pg_catalog.pg_cancel_backend(l.pid) AS cancelled
FROM pg_locks l
WHERE l.pid = $1
  AND NOT l.granted
  AND l.waitstart = $2::timestamptz
