-- How far the applications' wall clock is from UTC, in seconds: dbops' own session runs in
-- UTC, but an application writing now() into a `timestamp` (without time zone) column
-- writes the wall time of the zone its sessions start with (the database's or server's
-- TimeZone, which reset_val gives).
SELECT EXTRACT(EPOCH FROM (pg_catalog.now() AT TIME ZONE (SELECT reset_val FROM pg_settings WHERE name = 'TimeZone'))
                        - (pg_catalog.now() AT TIME ZONE 'UTC'))::float8 AS offset_seconds,
       (SELECT reset_val FROM pg_settings WHERE name = 'TimeZone') AS zone
