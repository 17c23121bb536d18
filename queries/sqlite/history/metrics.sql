-- The series stored: each metric with its targets, subjects and how many values, over what
-- time. Sampled values, analytics figures (analytics.REPORT.FIGURE, per group, dated by
-- their day) and statement work (statement.calls, .total_ms, .mean_ms, .rows per id).
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
    SELECT 'analytics.' || report || '.' || metric, target, dimension, (julianday(day) - 2440587.5) * 86400
    FROM analytics_day
    UNION ALL
    SELECT 'statement.' || f.name, s.target, t.query_id, s.taken_at
    FROM statement t
    JOIN snapshot s ON s.id = t.snapshot_id
    CROSS JOIN (SELECT 'calls' AS name UNION ALL SELECT 'total_ms' UNION ALL SELECT 'mean_ms' UNION ALL SELECT 'rows') f
)
WHERE (:target IS NULL OR target = :target)
GROUP BY metric
ORDER BY metric
