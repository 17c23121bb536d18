-- The series stored: each metric with its targets, subjects and how many values, over what
-- time ($1 target or NULL). As queries/sqlite/history/metrics.sql.
SELECT metric,
       count(DISTINCT target) AS targets,
       count(DISTINCT subject) AS subjects,
       count(*) AS "values",
       min(at) AS first_at,
       max(at) AS last_at
FROM (
    SELECT v.metric, s.target, v.subject, s.taken_at AS at
    FROM sample v
    JOIN snapshot s ON s.id = v.snapshot_id
    UNION ALL
    SELECT 'analytics.' || report || '.' || metric, target, dimension,
           extract(epoch FROM day::date::timestamp)::double precision
    FROM analytics_day
    UNION ALL
    SELECT 'statement.' || f.name, s.target, t.query_id, s.taken_at
    FROM statement t
    JOIN snapshot s ON s.id = t.snapshot_id
    CROSS JOIN (VALUES ('calls'), ('total_ms'), ('mean_ms'), ('rows')) AS f (name)
) AS stored
WHERE ($1::text IS NULL OR target = $1::text)
GROUP BY metric
ORDER BY metric COLLATE "C"
