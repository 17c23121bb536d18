-- A system-versioned table's history rows carry their own period (ROW_START, ROW_END):
-- MariaDB 10.11's switch lets a session insert them, as mariadb-dump --dump-history does.
SET SESSION system_versioning_insert_history = 1
