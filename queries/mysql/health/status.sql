-- Global status counters the health checks read (SHOW works on MySQL and MariaDB alike).
SHOW GLOBAL STATUS WHERE Variable_name IN (
    'Uptime', 'Threads_connected', 'Threads_running', 'Max_used_connections',
    'Connections', 'Aborted_connects', 'Aborted_clients',
    'Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests',
    'Created_tmp_tables', 'Created_tmp_disk_tables', 'Innodb_history_list_length')
