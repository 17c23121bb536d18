-- Roles whose names hold white space: pg_restore --list ends each entry with its owner,
-- words and all, so an entry owned by one of these is read by knowing the name.
SELECT rolname::text AS name FROM pg_roles WHERE rolname ~ '\s'
