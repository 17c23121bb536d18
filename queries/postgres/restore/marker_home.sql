-- Where a restore's marker table goes: the session's current schema (public, normally)
-- when this role may create tables there; NULL when there is none (public was dropped) or
-- it may not (PostgreSQL 15 gives CREATE on public to the database's owner only).
SELECT CASE WHEN has_schema_privilege(current_schema(), 'CREATE') THEN current_schema() END AS schema
