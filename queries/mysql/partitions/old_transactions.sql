-- Transactions open longer than :seconds: ALTER TABLE would queue behind the metadata
-- locks they may hold, and application queries would queue behind the ALTER.
SELECT COUNT(*) AS old_transactions
FROM information_schema.INNODB_TRX
WHERE trx_started < NOW() - INTERVAL :seconds SECOND
