-- Metadata locks tried once, never waited for (what ALTER TABLE ... NOWAIT sets): with a
-- transaction open for long somewhere on the server, the ALTER either gets its table at
-- once or fails at once, and no application query ever queues behind it.
SET SESSION lock_wait_timeout = 0
