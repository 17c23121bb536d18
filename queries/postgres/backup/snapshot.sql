-- Run first in the leader's REPEATABLE READ transaction: the snapshot every worker (and
-- pg_dump) imports, and the WAL position it corresponds to.
SELECT pg_export_snapshot() AS snapshot,
       (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn
