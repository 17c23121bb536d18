-- Connections this account may still open: the least of what the server (max_connections,
-- less the threads connected: MySQL 8 keeps the counter in performance_schema, MariaDB in
-- information_schema) and the account have left (max_user_connections, whose session
-- value is the account's own MAX_USER_CONNECTIONS when it has one; its own threads are the
-- ones PROCESSLIST always shows it).
SELECT LEAST(
         @@max_connections - (
-- dbops:begin threads_connected
           SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Threads_connected'
-- dbops:end threads_connected
         ),
         IF(@@session.max_user_connections > 0,
            @@session.max_user_connections - (SELECT COUNT(*) FROM information_schema.PROCESSLIST
                                              WHERE USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)),
            2147483647)) AS connections_left
