-- Table sizes and row estimates of the current schema.
SELECT TABLE_NAME AS `table`, TABLE_ROWS AS live_rows, DATA_LENGTH AS table_bytes, INDEX_LENGTH AS index_bytes, ENGINE AS engine
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
