-- performance_schema state, server uptime (to notice restarts between snapshots), and
-- whether the digest consumer is on. MariaDB keeps status in information_schema.
SELECT @@performance_schema AS performance_schema,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME') AS uptime_seconds,
       (SELECT ENABLED FROM performance_schema.setup_consumers WHERE NAME = 'statements_digest') AS digest_consumer
