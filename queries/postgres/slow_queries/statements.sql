-- Cumulative statement statistics, without query text (pg_stat_statements(false) does not
-- read the query-text file). $1: true for every database, false for the current one only.
-- {schema} is replaced by the extension's schema.
SELECT s.queryid::text AS id,
       s.userid::regrole::text AS "user",
       d.datname AS database,
       s.toplevel,
       s.calls,
       s.total_exec_time AS total_ms,
       s.min_exec_time AS min_ms,
       s.max_exec_time AS max_ms,
       s.mean_exec_time AS mean_ms,
       s.stddev_exec_time AS stddev_ms,
       s.rows,
       s.shared_blks_hit,
       s.shared_blks_read,
       s.temp_blks_written,
       s.blk_read_time + s.blk_write_time AS io_ms
FROM {schema}.pg_stat_statements(false) s
JOIN pg_database d ON d.oid = s.dbid
WHERE s.queryid IS NOT NULL
  AND ($1::boolean OR d.datname = current_database())
