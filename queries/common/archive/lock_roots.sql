-- An archive batch begins: lock up to :limit rows of the root table that match the rule
-- ({condition}: the age and the matched values, all bound parameters), in key order,
-- skipping rows the application holds right now (a later batch or run takes them).
-- {columns}: the key, and whatever the children's foreign keys point at.
SELECT {columns}
FROM {table}
WHERE {condition}
ORDER BY {keys}
LIMIT :limit
FOR UPDATE SKIP LOCKED
