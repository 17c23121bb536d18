-- The leader's transaction: one snapshot, exported to every worker.
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
