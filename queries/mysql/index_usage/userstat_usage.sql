-- Index reads from MariaDB's user statistics (userstat=ON), when performance_schema is off.
SELECT TABLE_NAME AS `table`, INDEX_NAME AS `index`, ROWS_READ AS rows_read
FROM information_schema.INDEX_STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
