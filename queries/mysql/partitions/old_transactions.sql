-- Transactions open longer than :seconds: ALTER TABLE would queue behind the metadata
-- locks they may hold, and application queries would queue behind the ALTER. The five
-- oldest by session, and how many there are in all: the refusal names whom to ask.
SELECT t.trx_mysql_thread_id AS pid,
       p.USER AS user,
       p.COMMAND AS state,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
       COUNT(*) OVER () AS old_transactions
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE t.trx_started < NOW() - INTERVAL :seconds SECOND
ORDER BY t.trx_started
LIMIT 5
