-- On a replica: WAL received but not yet replayed, and the age of the last replayed
-- transaction (zero when everything received is replayed).
SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint AS lag_bytes,
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 1)
       END AS lag_seconds,
       (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver_status
