-- Whether table $1 has a constraint named $2.
SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2
