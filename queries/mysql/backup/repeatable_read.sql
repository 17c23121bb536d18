-- A worker reads one snapshot for its whole transaction.
SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ
