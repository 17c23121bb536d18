-- InnoDB undo history not yet purged (MySQL 8 exposes it in INNODB_METRICS).
SELECT `COUNT` AS history_list_length
FROM information_schema.INNODB_METRICS
WHERE NAME = 'trx_rseg_history_len'
