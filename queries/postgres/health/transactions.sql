-- This database's transactions and temporary files since its statistics were reset (or
-- the server started, when they never were).
SELECT d.xact_commit,
       d.xact_rollback,
       d.temp_files,
       d.temp_bytes,
       round(extract(epoch FROM now() - COALESCE(d.stats_reset, pg_postmaster_start_time()))::numeric) AS since_seconds
FROM pg_stat_database d
WHERE d.datname = current_database()
