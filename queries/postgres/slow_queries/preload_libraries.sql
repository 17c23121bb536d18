-- The libraries the server preloads (pg_stat_statements must be among them).
SELECT current_setting('shared_preload_libraries')
