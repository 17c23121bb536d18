-- Objects that make a schema "not empty" for a restore, and whether dbops' own marker
-- (counted apart: a failed restore may leave it alone) is there.
SELECT (SELECT COUNT(*) FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_dbops_restore_incomplete')
     + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()) AS objects,
       (SELECT COUNT(*) FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_dbops_restore_incomplete') AS marker
