-- Checkpoints since the statistics were reset: timed ones (checkpoint_timeout) against
-- requested ones (mostly max_wal_size filling up before the timeout).
SELECT checkpoints_timed,
       checkpoints_req,
       current_setting('max_wal_size') AS max_wal_size,
       current_setting('checkpoint_timeout') AS checkpoint_timeout,
       round(extract(epoch FROM now() - stats_reset)::numeric) AS since_reset_seconds
FROM pg_stat_bgwriter
