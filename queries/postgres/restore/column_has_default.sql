-- Column $2 of table $1 (named as pg_dump writes it: schema.name, quoted where needed), if
-- the target has it, and whether it has a default: another table's default that a DROP ...
-- CASCADE of what a restore --table creates took (nextval of a sequence it owned, a dropped
-- schema's function) is added back only where the column has none. Matched by its
-- spelling, never parsed, so no text read from the backup can make this fail.
SELECT n.nspname::text AS schema, c.relname::text AS "table", a.atthasdef::text AS has_default
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid
WHERE pg_catalog.format('%I.%I', n.nspname, c.relname) = $1
  AND c.relkind IN ('r', 'p')
  AND a.attname = $2
  AND a.attnum > 0
  AND NOT a.attisdropped
