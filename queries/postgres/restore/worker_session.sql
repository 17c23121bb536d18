-- A loading worker: no waiting for WAL flushes, no statement or lock limit.
SET synchronous_commit = off; SET statement_timeout = 0; SET lock_timeout = 0
