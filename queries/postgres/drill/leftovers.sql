-- Drills' scratch databases (dbops_drill_ and up to eight lowercase hex digits), to find
-- those a killed drill left behind; whether one is still in use is said by its drill's
-- lock, not here.
SELECT datname AS name
FROM pg_catalog.pg_database
WHERE datname ~ '^dbops_drill_[0-9a-f]{1,8}$'
ORDER BY datname
