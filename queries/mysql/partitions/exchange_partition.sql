-- Retention, step 1: the partition's rows are swapped into an empty standalone table of the
-- same shape (EXCHANGE PARTITION moves no rows: it swaps files under a brief metadata
-- lock). The standalone table's name, dbops_retired_<table>_<partition>, is what marks it
-- for an interrupted run to finish: dumped, verified, dropped.
CREATE TABLE {held} LIKE {table};
ALTER TABLE {held} REMOVE PARTITIONING;
ALTER TABLE {table} EXCHANGE PARTITION {partition} WITH TABLE {held}
