-- When the statement statistics were last reset (as seconds since the epoch), and how many
-- entries were evicted since (pg_stat_statements_info, PostgreSQL 14+). {schema} is
-- replaced by the extension's schema.
SELECT extract(epoch FROM stats_reset) AS stats_reset_epoch, dealloc FROM {schema}.pg_stat_statements_info
