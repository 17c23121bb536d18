-- A backup session: no statement limit, and its open snapshot transaction is not idle-killed.
-- row_security off, as pg_dump sets it: a table whose policies would hide rows from this role
-- fails the backup instead of giving a backup of only the rows the role may see.
-- jit off: the catalog reads are cheap but estimated dear (recursive CTEs), and compiling
-- them would take longer than running them; COPY gains nothing from it.
-- A SQL_ASCII database holds bytes in no declared encoding (legacy Latin-1 among UTF-8):
-- they are copied as they are, as pg_dump copies them, where a UTF8 client would have
-- the server check every value as UTF-8 and fail the backup on the first that is not.
-- search_path pg_catalog alone, as pg_dump's: no function or operator a database's owner
-- made can stand in for a built-in one in dbops' catalog reads (CVE-2018-1058); tables are
-- named with their schema.
SET search_path = pg_catalog; SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET row_security = off; SET jit = off;
SELECT set_config('client_encoding', 'SQL_ASCII', false) WHERE current_setting('server_encoding') = 'SQL_ASCII'
