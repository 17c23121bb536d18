-- restore --no-tablespaces: the next table's DATA DIRECTORY and INDEX DIRECTORY are
-- ignored (with a warning), so it is created in the server's own data directory.
SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_DIR_IN_CREATE')
