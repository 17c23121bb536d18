-- Drills' scratch databases (dbops_drill_ and up to eight lowercase hex digits, compared
-- as bytes), to find those a killed drill left behind; whether one is still in use is said
-- by its drill's lock, not here.
SELECT schema_name AS name
FROM information_schema.schemata
WHERE CAST(schema_name AS BINARY) REGEXP '^dbops_drill_[0-9a-f]{1,8}$'
ORDER BY schema_name
