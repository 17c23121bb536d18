-- Where a restore's marker table goes: the session's current schema (public, normally)
-- when this role may create tables there; NULL when there is none (public was dropped), it
-- may not (PostgreSQL 15 gives CREATE on public to the database's owner only), or the
-- search path starts with a system schema.
SELECT CASE WHEN current_schema() !~ '^pg_' AND current_schema() <> 'information_schema'
             AND has_schema_privilege(current_schema(), 'CREATE')
            THEN current_schema() END AS schema
