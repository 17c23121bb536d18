-- Standbys streaming from this primary: replay_lag as PostgreSQL measures it (NULL once a
-- standby has caught up and nothing new was written: 0 then), the position replayed so
-- far, and how many bytes of WAL sent it has not replayed. replay_lag keeps its last sample
-- while a standby's replay stands still, so dbops also watches replay_lsn: a standby that
-- is behind and does not move counts as lagging for as long as it stands still.
SELECT application_name || ' ' || COALESCE(client_addr::text, 'local') || ' ' || pid::text AS name,
       COALESCE(EXTRACT(EPOCH FROM replay_lag), 0) AS lag_seconds,
       replay_lsn::text AS replay_lsn,
       COALESCE(pg_catalog.pg_wal_lsn_diff(sent_lsn, replay_lsn), 0) AS behind_bytes
FROM pg_stat_replication
