-- The session's account's own grants, and on MariaDB its current role's: whether it holds
-- SELECT on a whole schema, and whether it sees every database (tables and databases it
-- holds no privilege on are invisible to it). The lines may carry a password hash: they
-- are read in memory only, never shown.
SHOW GRANTS
