-- The binary log format (READ COMMITTED cannot be logged as STATEMENT), or OFF.
SELECT IF(@@log_bin = 1, @@binlog_format, 'OFF')
