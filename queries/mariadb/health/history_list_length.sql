-- InnoDB undo history not yet purged (MariaDB has it as a status variable).
SELECT VARIABLE_VALUE AS history_list_length
FROM information_schema.GLOBAL_STATUS
WHERE VARIABLE_NAME = 'INNODB_HISTORY_LIST_LENGTH'
