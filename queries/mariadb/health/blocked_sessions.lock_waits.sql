-- MariaDB keeps row lock waits in information_schema (MySQL 8 moved them to
-- performance_schema.data_lock_waits): the lock_waits fragment of mysql/health/blocked_sessions.
    FROM information_schema.INNODB_LOCK_WAITS lw
    JOIN information_schema.INNODB_TRX r ON r.trx_id = lw.requesting_trx_id
    JOIN information_schema.INNODB_TRX b ON b.trx_id = lw.blocking_trx_id
