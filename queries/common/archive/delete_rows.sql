-- Remove the batch's rows of one table, by primary key, once their copies are in place
-- (deepest children first, so no foreign key is violated and no ON DELETE CASCADE does
-- the work unseen). The count is checked against the rows locked and copied.
DELETE FROM {table}
WHERE {predicate}
