-- A cleanup batch, step 1 of 2 (in one READ COMMITTED transaction): lock up to :limit
-- expired rows, skipping rows the application has locked right now (a later batch or run
-- takes them). {order} is the expiry column when an index starts with it (only expired
-- rows are read, oldest first), else the primary key, walked from the previous batch's
-- last key ({after}) so no row is read twice. {unreferenced} leaves out rows another table
-- still references through a foreign key that forbids their deletion. MariaDB adds a
-- statement prefix (the statement_prefix fragment in queries/mariadb/maintenance).
-- dbops:begin statement_prefix
-- dbops:end statement_prefix
SELECT {keys}
FROM {table}
WHERE {column} < :cutoff{after}{unreferenced}
ORDER BY {order}
LIMIT :limit
FOR UPDATE SKIP LOCKED
