-- The database's comment (MariaDB 10.5 and later; a server without the column fails this,
-- and the backup goes on without one).
SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()
