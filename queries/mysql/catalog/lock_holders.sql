-- The sessions other than this one holding a metadata lock on table ? of this database,
-- those longest in a transaction first: what a DDL that gave up at its lock timeout waited
-- for. An application's transaction that only read the table holds its shared metadata
-- lock until it ends, and blocks an ALTER as surely as a migration does. Through the
-- metadata_lock_info plugin only (see catalog/held_table_names.sql); without it this
-- statement fails and nobody is named.
SELECT m.THREAD_ID AS pid,
       p.USER AS user,
       p.COMMAND AS state,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
       GROUP_CONCAT(DISTINCT m.LOCK_MODE ORDER BY m.LOCK_MODE SEPARATOR ', ') AS modes
FROM information_schema.METADATA_LOCK_INFO m
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = m.THREAD_ID
WHERE m.LOCK_TYPE = 'Table metadata lock'
  AND m.THREAD_ID <> CONNECTION_ID()
  AND m.TABLE_SCHEMA = DATABASE()
  AND m.TABLE_NAME = ?
GROUP BY m.THREAD_ID, p.USER, p.COMMAND, t.trx_started
ORDER BY t.trx_started IS NULL, t.trx_started, m.THREAD_ID
LIMIT 5
