-- --block-ddl: one table's part of a statement that opens tables without reading a row.
-- Their metadata locks stay with the snapshot's transaction until it ends, so a schema
-- change (TRUNCATE, ALTER, RENAME, DROP) waits for the backup instead of failing it.
SELECT 1 FROM {table} WHERE FALSE
