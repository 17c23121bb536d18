-- Since when the scan counters of the current database run.
SELECT stats_reset,
       round(extract(epoch FROM now() - COALESCE(stats_reset, pg_postmaster_start_time()))) AS age_seconds,
       stats_reset IS NULL AS never_reset
FROM pg_stat_database
WHERE datname = current_database()
