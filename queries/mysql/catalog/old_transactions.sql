-- Transactions of other sessions open longer than :seconds, the five oldest (those of
-- sessions using this database first) and how many there are in all: MySQL/MariaDB say nothing of who holds a metadata or row lock once the
-- wait is over, so a DDL that would queue behind them (partitions) or a reload that gave up
-- waiting (restore --table) names these as whom to ask.
SELECT t.trx_mysql_thread_id AS pid,
       p.USER AS user,
       p.COMMAND AS state,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
       COUNT(*) OVER () AS old_transactions
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE t.trx_started < NOW() - INTERVAL :seconds SECOND
  AND t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY p.DB <=> DATABASE() DESC, t.trx_started
LIMIT 5
