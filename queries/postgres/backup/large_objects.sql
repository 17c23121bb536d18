-- Large objects (lo_create, lo_import) live in pg_largeobject, outside every table: a row
-- copy does not hold them and pg_dump --schema-only leaves them out, so the schema archive
-- is taken to carry them when there are some.
SELECT count(*) AS large_objects FROM pg_largeobject_metadata
