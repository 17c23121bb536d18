-- performance_schema state, server uptime (to notice restarts between snapshots), and
-- whether the digest consumer is on.
SELECT @@performance_schema AS performance_schema,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Uptime') AS uptime_seconds,
       (SELECT ENABLED FROM performance_schema.setup_consumers WHERE NAME = 'statements_digest') AS digest_consumer
