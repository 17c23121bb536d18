-- The public schema as initdb makes it (PostgreSQL 15): owned by pg_database_owner, usable
-- by everyone, created in by its owner only, with its standard comment. pg_dump writes no
-- CREATE for public, only how the backup's differed from this (owner, comment, grants),
-- which the restore runs next; a restore --table after DROP SCHEMA public CASCADE starts here.
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
COMMENT ON SCHEMA public IS 'standard public schema';
GRANT USAGE ON SCHEMA public TO PUBLIC;
