-- The OID of a table given as schema-qualified, quoted text (NULL if there is none).
SELECT pg_catalog.to_regclass(:name)::oid AS oid
