-- Each target's check states in its last snapshot at or before $1.
SELECT s.target, s.engine, s.taken_at, v.metric, v.value
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id AND v.metric LIKE 'health\_status.%'
WHERE s.id IN (SELECT max(id) FROM snapshot WHERE taken_at <= $1::double precision GROUP BY target)
ORDER BY s.target COLLATE "C", v.metric COLLATE "C"
