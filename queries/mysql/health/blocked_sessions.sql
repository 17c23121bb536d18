-- Sessions waiting for a row lock (MySQL 8: performance_schema.data_lock_waits; MariaDB
-- replaces the lock_waits fragment with information_schema.INNODB_LOCK_WAITS) or for a
-- metadata lock.
SELECT w.pid, w.`user`, w.`database`, w.waiting_seconds, w.blocked_by, w.wait, w.query,
       COUNT(*) OVER () AS total
FROM (
    SELECT r.trx_mysql_thread_id AS pid,
           p.USER AS `user`,
           p.DB AS `database`,
           TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS waiting_seconds,
           GROUP_CONCAT(DISTINCT b.trx_mysql_thread_id ORDER BY b.trx_mysql_thread_id) AS blocked_by,
           'row lock' AS wait,
           LEFT(r.trx_query, 200) AS query
    -- dbops:begin lock_waits
    FROM performance_schema.data_lock_waits lw
    JOIN information_schema.INNODB_TRX r ON r.trx_id = lw.REQUESTING_ENGINE_TRANSACTION_ID
    JOIN information_schema.INNODB_TRX b ON b.trx_id = lw.BLOCKING_ENGINE_TRANSACTION_ID
    -- dbops:end lock_waits
    LEFT JOIN information_schema.PROCESSLIST p ON p.ID = r.trx_mysql_thread_id
    GROUP BY r.trx_mysql_thread_id, p.USER, p.DB, r.trx_wait_started, r.trx_query
    UNION ALL
    SELECT ID, USER, DB, TIME, NULL, STATE, LEFT(INFO, 200)
    FROM information_schema.PROCESSLIST
    WHERE STATE LIKE 'Waiting for%metadata lock%'
) w
ORDER BY w.waiting_seconds DESC
LIMIT 20
