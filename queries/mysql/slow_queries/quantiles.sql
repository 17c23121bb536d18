-- MySQL 8 keeps latency quantiles per digest (picoseconds).
SELECT DIGEST AS id,
       QUANTILE_95 / 1e9 AS p95_ms,
       QUANTILE_99 / 1e9 AS p99_ms,
       QUERY_SAMPLE_TEXT AS sample
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST IS NOT NULL
