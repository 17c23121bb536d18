-- Replication slots and the WAL each one keeps on disk. An inactive slot retains WAL
-- without limit until it is used again or dropped.
SELECT slot_name,
       slot_type,
       active,
       wal_status,
       COALESCE(pg_wal_lsn_diff(
           CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,
           restart_lsn), 0)::bigint AS retained_bytes
FROM pg_replication_slots
ORDER BY retained_bytes DESC
