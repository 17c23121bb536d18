-- A partition bound of a timestamptz key as wall-clock time in the rule's zone.
SELECT (CAST(:instant AS timestamptz) AT TIME ZONE :zone)::text AS wall
