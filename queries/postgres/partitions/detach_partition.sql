-- Retention, step 1: the partition leaves the table and is marked, in one transaction, so
-- a run interrupted before the dump and the DROP is finished by the next one. DETACH takes
-- a brief ACCESS EXCLUSIVE lock on the parent, waited for at most the lock timeout (DETACH
-- CONCURRENTLY cannot run in a transaction, nor beside a default partition). The marker
-- names the parent by OID, so a copy restored from the dump is never taken for one.
ALTER TABLE {parent} DETACH PARTITION {partition};
COMMENT ON TABLE {partition} IS {marker};
