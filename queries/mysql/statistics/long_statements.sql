-- Statements running for :seconds or longer. ANALYZE TABLE marks a table's cached
-- definition old, and new queries of the table then wait for every statement still using
-- the old one (MDEV-7901, MySQL bug 87065): behind a long report, the application would
-- queue. dbops leaves ANALYZE for later while any runs. Replication and system threads,
-- idle sessions and this session are not counted.
SELECT COUNT(*) AS running, COALESCE(MAX(TIME), 0) AS longest_seconds
FROM information_schema.PROCESSLIST
WHERE ID <> CONNECTION_ID()
  AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Killed')
  AND USER NOT IN ('system user', 'event_scheduler')
  AND TIME >= :seconds
