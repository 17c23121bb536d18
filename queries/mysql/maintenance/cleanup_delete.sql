-- A cleanup batch, step 2 of 2: delete the rows step 1 locked, by primary key, testing
-- their expiry again.
DELETE FROM {table}
WHERE {column} < :cutoff
  AND {key_in}
