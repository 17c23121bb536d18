-- Asked of a standby: seconds since the last transaction it replayed, or 0 when it has
-- replayed everything it received. No row when the server is not a standby.
SELECT CASE WHEN pg_catalog.pg_last_wal_receive_lsn() = pg_catalog.pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM pg_catalog.now() - pg_catalog.pg_last_xact_replay_timestamp())
       END AS lag_seconds
WHERE pg_catalog.pg_is_in_recovery()
