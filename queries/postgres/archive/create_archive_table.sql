-- An archive table shaped like its live table: columns, defaults, CHECK constraints,
-- indexes (for finding archived rows), identity and storage. No foreign keys and no
-- triggers: archived rows reference nothing live.
CREATE TABLE {archive} (LIKE {table} INCLUDING ALL)
