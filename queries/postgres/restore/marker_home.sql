-- Where a restore's marker table goes: the session's current schema (public, normally)
-- when this role may create tables there; NULL when there is none (public was dropped), it
-- may not (PostgreSQL 15 gives CREATE on public to the database's owner only), or the
-- search path starts with a system schema.
SELECT CASE WHEN pg_catalog.current_schema() !~ '^pg_' AND pg_catalog.current_schema() <> 'information_schema'
             AND pg_catalog.has_schema_privilege(pg_catalog.current_schema(), 'CREATE')
            THEN pg_catalog.current_schema() END AS schema
