-- Table $1 (named as pg_dump writes it: schema.name, quoted where needed), if the target
-- has it, and whether it has a constraint named $2: another table's CHECK constraint that a
-- DROP ... CASCADE of what a restore --table creates took (one calling a dropped schema's
-- function) is added back only where the table has none of that name. Matched by its
-- spelling, never parsed, so no text read from the backup can make this fail.
SELECT n.nspname::text AS schema, c.relname::text AS "table",
       EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = c.oid AND con.conname = $2)::text
           AS has_constraint
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE pg_catalog.format('%I.%I', n.nspname, c.relname) = $1
  AND c.relkind IN ('r', 'p')
