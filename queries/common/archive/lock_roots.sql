-- An archive batch begins: lock up to :limit rows of the root table that match the rule
-- ({condition}: the age and the matched values, all bound parameters), in key order,
-- skipping rows the application holds right now (the next run takes them).
-- {columns}: the key, and whatever the children's foreign keys point at. {after}: past the
-- previous batch's last key, so no batch scans again what earlier ones walked past.
SELECT {columns}
FROM {table}
WHERE {condition}{after}
ORDER BY {keys}
LIMIT :limit
FOR UPDATE SKIP LOCKED
