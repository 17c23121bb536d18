-- How full pg_stat_statements is: entries against pg_stat_statements.max, and how often
-- entries were thrown out to make room since its last reset.
SELECT (SELECT count(*) FROM {schema}.pg_stat_statements(false)) AS entries,
       current_setting('pg_stat_statements.max')::bigint AS max_entries,
       i.dealloc AS deallocations,
       round(extract(epoch FROM now() - i.stats_reset)::numeric) AS since_reset_seconds
FROM {schema}.pg_stat_statements_info i
