-- Each of other tables' foreign keys into a table the restore created is added on its own.
SAVEPOINT dbops_foreign_key
