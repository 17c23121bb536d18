-- A sequence back where the backup found it.
SELECT setval($1::regclass, $2, $3)
