-- Tables another session holds, or waits to hold, ACCESS EXCLUSIVE (a schema change, a
-- VACUUM truncating the table, a REINDEX): on the table itself, one of its indexes or its
-- TOAST table or TOAST index. Reading such a table's sizes (pg_relation_size and friends)
-- or deparsing its expressions (pg_get_expr) waits for that lock, and the lock timeout then
-- fails the whole statement; so statements reading every table leave these out and name
-- them. The lock may be taken a moment after this read: that statement still fails at the
-- lock timeout, as before. Statements take it as the body of a CTE named held, through
-- a line `dbops:include catalog/held_tables`.
SELECT DISTINCT COALESCE(owner.oid, locked.relation) AS relation
FROM (SELECT COALESCE(x.indrelid, l.relation) AS relation
      FROM pg_locks l
      LEFT JOIN pg_index x ON x.indexrelid = l.relation
      WHERE l.locktype = 'relation'
        AND l.mode = 'AccessExclusiveLock'
        AND l.database = (SELECT oid FROM pg_database WHERE datname = pg_catalog.current_database())) locked
LEFT JOIN pg_class owner ON owner.reltoastrelid = locked.relation
