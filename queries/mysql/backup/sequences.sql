-- MariaDB sequences of the current schema (information_schema lists them as tables).
SELECT TABLE_NAME AS name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_TYPE = 'SEQUENCE'
ORDER BY TABLE_NAME
