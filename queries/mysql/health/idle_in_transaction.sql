-- Sessions idle (Sleep) with an InnoDB transaction open for at least ? seconds.
SELECT p.ID AS pid,
       p.USER AS `user`,
       p.DB AS `database`,
       p.TIME AS idle_seconds,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
       t.trx_rows_locked AS rows_locked,
       t.trx_rows_modified AS rows_modified,
       COUNT(*) OVER () AS total
FROM information_schema.INNODB_TRX t
JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE p.COMMAND = 'Sleep'
  AND p.TIME >= ?
ORDER BY p.TIME DESC
LIMIT 20
