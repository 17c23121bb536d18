-- A backup session: no statement limit, and its open snapshot transaction is not idle-killed.
SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0
