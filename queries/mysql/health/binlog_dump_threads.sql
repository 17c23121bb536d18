-- Replicas currently streaming this server's binary log.
SELECT ID AS pid, HOST AS replica, TIME AS connected_seconds, STATE AS state
FROM information_schema.PROCESSLIST
WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')
