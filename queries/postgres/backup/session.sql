-- A backup session: no statement limit, and its open snapshot transaction is not idle-killed.
-- row_security off, as pg_dump sets it: a table whose policies would hide rows from this role
-- fails the backup instead of giving a backup of only the rows the role may see.
-- jit off: the catalog reads are cheap but estimated dear (recursive CTEs), and compiling
-- them would take longer than running them; COPY gains nothing from it.
SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET row_security = off; SET jit = off
