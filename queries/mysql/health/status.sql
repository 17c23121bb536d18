-- Global status counters the health checks read (SHOW works on MySQL and MariaDB alike).
SHOW GLOBAL STATUS WHERE Variable_name IN (
    'Uptime', 'Threads_connected', 'Threads_running', 'Threads_created', 'Max_used_connections',
    'Connections', 'Aborted_connects', 'Aborted_clients', 'Questions', 'Slow_queries',
    'Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests', 'Innodb_os_log_written',
    'Innodb_deadlocks', 'Innodb_history_list_length',
    'Created_tmp_tables', 'Created_tmp_disk_tables',
    'Table_open_cache_hits', 'Table_open_cache_misses',
    'Sort_merge_passes', 'Sort_scan', 'Sort_range', 'Select_full_join')
