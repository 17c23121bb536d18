-- Server settings the health checks compare against.
SHOW GLOBAL VARIABLES WHERE Variable_name IN (
    'max_connections', 'read_only', 'log_bin', 'performance_schema', 'version_comment',
    'innodb_buffer_pool_size', 'innodb_log_file_size', 'innodb_log_files_in_group',
    'thread_cache_size', 'table_open_cache', 'long_query_time', 'sort_buffer_size', 'join_buffer_size',
    'binlog_expire_logs_seconds', 'expire_logs_days', 'query_cache_type', 'query_cache_size')
