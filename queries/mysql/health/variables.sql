-- Server settings the health checks compare against.
SHOW GLOBAL VARIABLES WHERE Variable_name IN (
    'max_connections', 'read_only', 'log_bin', 'performance_schema', 'version_comment')
