-- Standbys streaming from this primary and how many seconds their replay is behind.
-- replay_lag is NULL once a standby has caught up and nothing new was written: 0 then.
SELECT application_name AS name,
       COALESCE(EXTRACT(EPOCH FROM replay_lag), 0) AS lag_seconds
FROM pg_stat_replication
