-- The server's clock as wall-clock time in the rule's zone.
SELECT (pg_catalog.now() AT TIME ZONE :zone)::text AS wall
