-- A loading worker: no waiting for WAL flushes, no statement or lock limit. Into a
-- SQL_ASCII database, rows load as the bytes they are (as pg_restore loads them): a UTF8
-- client would have every value checked as UTF-8, and legacy bytes refused.
SET synchronous_commit = off; SET statement_timeout = 0; SET lock_timeout = 0;
SELECT pg_catalog.set_config('client_encoding', 'SQL_ASCII', false) WHERE pg_catalog.current_setting('server_encoding') = 'SQL_ASCII'
