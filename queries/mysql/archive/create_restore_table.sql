-- A private, empty copy of a live table's columns, for rows read back from an archive
-- file before the chosen ones move on into the live table. Gone at the end of the session
-- (CREATE ... AS SELECT: a temporary table cannot be partitioned like its model).
CREATE TEMPORARY TABLE {temp} AS SELECT * FROM {table} WHERE 1 = 0
