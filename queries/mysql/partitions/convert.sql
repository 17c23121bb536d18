-- One conversion between wall-clock time and a partition bound, in the server's own time
-- zone (the session is switched to @@global.time_zone first, as the DDL's author's was):
-- FROM_UNIXTIME / UNIX_TIMESTAMP, FROM_DAYS / TO_DAYS, or NOW().
SELECT CAST({expression} AS CHAR) AS value
