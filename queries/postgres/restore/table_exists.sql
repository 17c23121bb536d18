-- The table $1, if it exists.
SELECT to_regclass($1)::text
