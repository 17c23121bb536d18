-- On a primary: each connected replica and how far behind it is.
SELECT application_name,
       client_addr::text AS client,
       state,
       sync_state,
       pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS lag_bytes,
       round(extract(epoch FROM replay_lag)::numeric, 1) AS lag_seconds
FROM pg_stat_replication
