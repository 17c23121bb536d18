-- Whether the server has this database (a whole-server restore creates the missing ones).
SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?
