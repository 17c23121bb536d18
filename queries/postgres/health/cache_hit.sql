-- Shared-buffer hits and disk reads of the current database since statistics were reset.
SELECT blks_hit AS hits, blks_read AS reads
FROM pg_stat_database
WHERE datname = current_database()
