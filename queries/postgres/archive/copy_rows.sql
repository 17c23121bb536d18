-- Copy the batch's rows of one table into its counterpart (the archive table, or back into
-- the live table on restore), every column but generated ones, identity values as they
-- are (OVERRIDING SYSTEM VALUE).
INSERT INTO {target} ({columns}) OVERRIDING SYSTEM VALUE
SELECT {columns}
FROM {source}
WHERE {predicate}
