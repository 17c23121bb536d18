-- Cumulative statement statistics by digest. Timers are in picoseconds. ?: 1 for every
-- schema, 0 for the current one only. When the digest table is full, the server counts
-- new statements in a row with no digest: it is read too, to say so.
SELECT DIGEST AS id,
       SCHEMA_NAME AS `database`,
       DIGEST_TEXT AS query,
       COUNT_STAR AS calls,
       SUM_TIMER_WAIT / 1e9 AS total_ms,
       MIN_TIMER_WAIT / 1e9 AS min_ms,
       MAX_TIMER_WAIT / 1e9 AS max_ms,
       AVG_TIMER_WAIT / 1e9 AS mean_ms,
       SUM_ROWS_SENT AS `rows`,
       SUM_ROWS_EXAMINED AS rows_examined,
       SUM_ROWS_AFFECTED AS rows_affected,
       SUM_NO_INDEX_USED AS no_index_used,
       SUM_NO_GOOD_INDEX_USED AS no_good_index_used,
       SUM_CREATED_TMP_DISK_TABLES AS tmp_disk_tables,
       SUM_CREATED_TMP_TABLES AS tmp_tables,
       SUM_SORT_ROWS AS sort_rows,
       SUM_ERRORS AS errors,
       FIRST_SEEN AS first_seen
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST IS NULL
   OR ? = 1
   OR SCHEMA_NAME = DATABASE()
