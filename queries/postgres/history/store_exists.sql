-- Whether this database holds a history store yet.
SELECT to_regclass('dbops_history.store_version') IS NOT NULL AS present
