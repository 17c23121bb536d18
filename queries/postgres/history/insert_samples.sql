-- A snapshot's values ($1), given as three parallel arrays: metric, subject, value.
INSERT INTO sample (snapshot_id, metric, subject, value)
SELECT $1::bigint, metric, subject, value
FROM unnest($2::text[], $3::text[], $4::double precision[]) AS given (metric, subject, value)
ON CONFLICT (snapshot_id, metric, subject) DO UPDATE SET value = EXCLUDED.value
