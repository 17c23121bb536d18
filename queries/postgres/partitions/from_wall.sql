-- The instant a wall-clock time in the rule's zone names, as the literal of a new
-- partition's bound (printed in the session's UTC).
SELECT (CAST(:wall AS timestamp) AT TIME ZONE :zone)::text AS instant
