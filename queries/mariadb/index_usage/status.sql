-- What the usage counters can be based on, and since when (MariaDB: userstat too).
SELECT @@performance_schema AS performance_schema,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME') AS uptime_seconds,
       @@userstat AS userstat
