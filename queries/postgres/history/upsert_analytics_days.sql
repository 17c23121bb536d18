-- Analytics figures of target $1 computed at $2: day, report, dimension, metric, value as
-- parallel arrays.
INSERT INTO analytics_day (target, day, report, dimension, metric, value, computed_at)
SELECT $1::text, day, report, dimension, metric, value, $2::double precision
FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::double precision[])
     AS given (day, report, dimension, metric, value)
ON CONFLICT (target, report, day, dimension, metric) DO UPDATE
SET value = EXCLUDED.value, computed_at = EXCLUDED.computed_at
