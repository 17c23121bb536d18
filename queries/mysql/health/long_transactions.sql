-- InnoDB transactions open for at least ? seconds, whatever their sessions are doing now:
-- a long batch of short statements in one transaction is neither a long query nor idle,
-- yet it holds every row lock it took, and its read view keeps purge from removing old
-- row versions (the history list grows behind it).
SELECT t.trx_mysql_thread_id AS pid,
       p.USER AS `user`,
       p.DB AS `database`,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
       p.COMMAND AS state,
       t.trx_rows_locked AS rows_locked,
       t.trx_rows_modified AS rows_modified,
       LEFT(COALESCE(t.trx_query, p.INFO), 200) AS last_query,
       COUNT(*) OVER () AS total
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE t.trx_started <= NOW() - INTERVAL ? SECOND
  AND t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
LIMIT 20
