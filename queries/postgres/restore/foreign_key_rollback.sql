-- Rows break the foreign key: left out, the rest of the restore kept.
ROLLBACK TO SAVEPOINT dbops_foreign_key
