-- Retention, step 1: the partition's rows are swapped into an empty standalone table of the
-- same shape (EXCHANGE PARTITION moves no rows: it swaps files under a brief metadata
-- lock). The standalone table's comment names the table and partition it holds, which is
-- what an interrupted run finishes by: dumped, verified, dropped.
CREATE TABLE {held} LIKE {table};
ALTER TABLE {held} COMMENT = {marker} REMOVE PARTITIONING;
ALTER TABLE {table} EXCHANGE PARTITION {partition} WITH TABLE {held}
