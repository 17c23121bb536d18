-- The restore markers a target holds (health's restore_incomplete reports them): a dbops
-- restore leaves one until its last step succeeded, so a schema holding one is being
-- restored, or a restore failed or was killed part-way through.
SELECT TABLE_SCHEMA AS `schema`, TABLE_NAME AS `table`, CREATE_TIME AS created
FROM information_schema.TABLES
WHERE TABLE_NAME = '_dbops_restore_incomplete'
  AND (TABLE_SCHEMA = DATABASE()
       OR (DATABASE() IS NULL AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')))
ORDER BY 1
