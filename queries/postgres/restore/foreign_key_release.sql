-- The foreign key went in.
RELEASE SAVEPOINT dbops_foreign_key
