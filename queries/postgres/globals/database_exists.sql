-- Whether the server has this database (a whole-server restore creates the missing ones).
SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1
