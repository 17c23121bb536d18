-- Copy the batch's rows of one table into its counterpart (the archive table, or back into
-- the live table on restore), every column but generated ones.
INSERT INTO {target} ({columns})
SELECT {columns}
FROM {source}
WHERE {predicate}
