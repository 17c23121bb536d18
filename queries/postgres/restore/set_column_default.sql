-- Another table's column default that a DROP ... CASCADE of what a restore --table creates
-- took, set again as the backup's CREATE TABLE of that table wrote it ({expression}); on
-- the table alone, as pg_dump gives each partition its own.
ALTER TABLE ONLY {schema}.{table} ALTER COLUMN {column} SET DEFAULT {expression}
