-- Frees the prepared statement EXPLAIN used.
DEALLOCATE dbops_explain
