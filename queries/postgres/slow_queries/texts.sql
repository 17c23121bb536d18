-- Normalized text of chosen statements. {schema} is replaced by the extension's schema.
-- $1: the query ids (as text).
SELECT s.queryid::text AS id, s.query
FROM {schema}.pg_stat_statements(true) s
WHERE s.queryid::text = ANY ($1::text[])
