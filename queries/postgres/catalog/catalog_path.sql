-- Back to the catalog-only path (see application_path.sql): only pg_catalog's functions,
-- operators and types resolve unqualified, whatever a database's owner made elsewhere.
SET search_path = pg_catalog
