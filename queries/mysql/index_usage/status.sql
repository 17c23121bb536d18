-- What the usage counters can be based on, and since when.
SELECT @@performance_schema AS performance_schema,
       (SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Uptime') AS uptime_seconds,
       NULL AS userstat
