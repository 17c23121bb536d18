-- Objects that make a schema "not empty" for a restore (tables, views and sequences,
-- routines, events), and whether dbops' own marker (counted apart: a failed restore may
-- leave it alone) is there.
SELECT (SELECT COUNT(*) FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_dbops_restore_incomplete')
     + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE())
     + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()) AS objects,
       (SELECT COUNT(*) FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_dbops_restore_incomplete') AS marker
