-- The database the session works in.
SELECT DATABASE()
