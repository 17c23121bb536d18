-- New partitions carved out of the MAXVALUE partition, only ever while it is empty, so
-- REORGANIZE PARTITION moves no rows and holds its metadata lock for a moment.
ALTER TABLE {table} REORGANIZE PARTITION {catch_all} INTO ({definitions})
