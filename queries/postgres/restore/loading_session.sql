-- A loading session: no waiting for WAL flushes (the restore is redone if the server crashes), no statement limit.
SET synchronous_commit = off; SET statement_timeout = 0
