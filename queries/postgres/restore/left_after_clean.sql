-- What a whole restore's --clean leaves in the target, counted in the transaction that
-- dropped what the backup holds, so that a target it would not leave empty (a --table
-- backup's other tables) is refused with the drops rolled back: relations besides the
-- restore marker, and large objects besides the backup's ($1: their oids, comma-separated;
-- they are unlinked after this).
SELECT (SELECT pg_catalog.count(*)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname !~ '^pg_'
          AND c.relname <> '_dbops_restore_incomplete')
     + (SELECT pg_catalog.count(*) FROM pg_largeobject_metadata
        WHERE oid <> ALL (pg_catalog.string_to_array($1, ',')::oid[])) AS objects
