-- Galera: nanoseconds replication has spent paused by flow control since the node started
-- (a counter; dbops compares two readings), and the largest write set the node accepts.
SELECT MAX(CASE WHEN VARIABLE_NAME = 'WSREP_FLOW_CONTROL_PAUSED_NS' THEN VARIABLE_VALUE END) AS paused_ns,
       @@global.wsrep_max_ws_rows AS max_ws_rows
FROM information_schema.GLOBAL_STATUS
WHERE VARIABLE_NAME = 'WSREP_FLOW_CONTROL_PAUSED_NS'
