-- What backup/non_empty.sql counts in the target, by name: a whole restore's --clean
-- compares it with what the backup holds before it drops anything (MySQL's DROPs cannot
-- be rolled back), so a target it would not leave empty is refused untouched. Tables,
-- views and sequences share one namespace; routines are PROCEDURE or FUNCTION.
SELECT 'TABLE' AS kind, TABLE_NAME AS name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '_dbops_restore_incomplete'
UNION ALL
SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL
SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
