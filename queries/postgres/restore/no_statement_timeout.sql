-- Restoring statements run as long as they need.
SET statement_timeout = 0
