-- Another table's CHECK constraint that a DROP ... CASCADE of what a restore --table creates
-- took, added again as the backup's CREATE TABLE of that table wrote it ({definition}),
-- checked against the rows it holds; on a partitioned or inherited table, on its children
-- too, as the constraint was.
ALTER TABLE {schema}.{table} ADD CONSTRAINT {constraint} {definition}
