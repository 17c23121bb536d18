-- The schema $1, if it exists: a restore --table whose table's schema is gone too (DROP
-- SCHEMA ... CASCADE) creates the schema from the backup first.
SELECT nspname::text FROM pg_namespace WHERE nspname = $1
