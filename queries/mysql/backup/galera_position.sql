-- Galera: the cluster's state UUID and the last write set this node committed, read while
-- commits are held, so they match the snapshot (what mariabackup --galera-info records):
-- a node seeded from this backup joins with it and needs only an incremental transfer.
SELECT MAX(CASE WHEN VARIABLE_NAME = 'WSREP_LOCAL_STATE_UUID' THEN VARIABLE_VALUE END) AS state_uuid,
       MAX(CASE WHEN VARIABLE_NAME = 'WSREP_LAST_COMMITTED' THEN VARIABLE_VALUE END) AS last_committed
FROM information_schema.GLOBAL_STATUS
WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_UUID', 'WSREP_LAST_COMMITTED')
