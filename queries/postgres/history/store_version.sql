-- The store's schema version.
SELECT max(version) AS version FROM dbops_history.store_version
