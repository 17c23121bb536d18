-- A new partition, created empty beside the table and then attached: ATTACH PARTITION
-- takes only a SHARE UPDATE EXCLUSIVE lock on the parent (CREATE TABLE ... PARTITION OF
-- would take ACCESS EXCLUSIVE), so application reads and writes go on. The parent's
-- columns, defaults, constraints, identity and storage come along (LIKE ... INCLUDING ALL);
-- its partitioned indexes are created on the empty table as it is attached. Not its
-- identity: rows reach the partition through the parent, whose sequence numbers them; one
-- of the partition's own would number rows inserted into the partition directly from 1
-- again, beside the parent's (CREATE TABLE ... PARTITION OF gives a partition none, so
-- such an insert fails instead). {tablespace} is the parent's, when it names one: LIKE
-- does not carry it, and PARTITION OF would have put the partition there.
CREATE TABLE {partition} (LIKE {parent} INCLUDING ALL EXCLUDING INDEXES EXCLUDING IDENTITY){tablespace};
ALTER TABLE {parent} ATTACH PARTITION {partition} FOR VALUES FROM ({from}) TO ({to});
