-- Base tables of the current schema with their size (InnoDB estimate) for planning; a
-- MariaDB system-versioned table is one (read with its history, FOR SYSTEM_TIME ALL).
SELECT TABLE_NAME AS name,
       ENGINE AS engine,
       COALESCE(DATA_LENGTH, 0) AS bytes,
       COALESCE(TABLE_ROWS, 0) AS estimated_rows,
       TABLE_TYPE = 'SYSTEM VERSIONED' AS versioned
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY TABLE_NAME
