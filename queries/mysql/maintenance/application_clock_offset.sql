-- How far the applications' wall clock is from UTC, in seconds: an application writing
-- NOW() into a DATETIME column writes the wall time of the server's time zone (the global
-- time_zone its sessions start with). dbops' own session runs in UTC; it switches to the
-- global zone for this one statement.
SET STATEMENT time_zone = @@global.time_zone FOR
SELECT TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), NOW(6)) / 1e6 AS offset_seconds,
       IF(@@global.time_zone = 'SYSTEM', @@system_time_zone, @@global.time_zone) AS zone
