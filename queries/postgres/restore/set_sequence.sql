-- Sequences back where the backup found them, many in one round trip: $1 is a JSON array of
-- [name (quoted, schema-qualified), last value, is_called].
SELECT pg_catalog.count(pg_catalog.setval((s ->> 0)::regclass, (s ->> 1)::bigint, (s ->> 2)::boolean))
FROM pg_catalog.jsonb_array_elements($1::jsonb) AS s
