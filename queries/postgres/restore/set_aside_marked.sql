-- Tables bearing partition retention's mark: dbops partitions comments a partition it
-- detaches "dbops retention: detached from table <parent OID>; ..." and takes every table
-- so marked for one still to be dumped and dropped (Archive/Partitions/PostgresPartitions
-- .swift). A table `restore --table` creates from a retired partition's file carries the
-- comment, and beside its old parent would be retired again.
SELECT n.nspname AS schema_name, c.relname AS table_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p')
  AND pg_catalog.starts_with(d.description, 'dbops retention: detached from table ')
