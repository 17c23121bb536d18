-- Where the next index a restoring worker builds goes: its tablespace as the backup
-- recorded it, or '' (the database's default) again after it, as pg_restore sets
-- default_tablespace around each index it creates. A tablespace this server lacks fails
-- here, naming it.
SELECT pg_catalog.set_config('default_tablespace', $1, false)
