-- An archive table shaped like its live table (columns, indexes, partitioning). CREATE
-- TABLE ... LIKE copies no foreign keys: archived rows reference nothing live.
CREATE TABLE {archive} LIKE {table}
