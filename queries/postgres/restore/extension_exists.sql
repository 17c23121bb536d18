-- The extension $1, if the target has it: one the backup had in a schema the target lacks
-- (DROP SCHEMA ... CASCADE drops the extensions in it) is created again with the schema.
SELECT extname::text FROM pg_extension WHERE extname = $1
