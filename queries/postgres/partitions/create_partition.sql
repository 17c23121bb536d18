-- A new partition, created empty beside the table and then attached: ATTACH PARTITION
-- takes only a SHARE UPDATE EXCLUSIVE lock on the parent (CREATE TABLE ... PARTITION OF
-- would take ACCESS EXCLUSIVE), so application reads and writes go on. The parent's
-- columns, defaults, constraints, identity and storage come along (LIKE ... INCLUDING ALL);
-- its partitioned indexes are created on the empty table as it is attached.
CREATE TABLE {partition} (LIKE {parent} INCLUDING ALL EXCLUDING INDEXES);
ALTER TABLE {parent} ATTACH PARTITION {partition} FOR VALUES FROM ({from}) TO ({to});
