-- Read, without locking, the rows of one table that belong to chosen roots (the same
-- {predicate} as lock_rows.sql): a re-run of an interrupted restore compares a root's
-- rows in the live tables with its rows in the archive file before it skips it.
SELECT {columns}
FROM {table}
WHERE {predicate}
