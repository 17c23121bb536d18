-- Lock the rows of one table that belong to the batch: for a child table, those whose
-- foreign key holds one of the values locked one level up ({predicate}: an explicit list
-- of bound values, read through the foreign key's index). Until the batch commits, the
-- application can neither change these rows nor add children to them.
SELECT {columns}
FROM {table}
WHERE {predicate}
FOR UPDATE
