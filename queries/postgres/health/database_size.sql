-- Size of the current database on disk.
SELECT pg_database_size(current_database()) AS database_bytes
