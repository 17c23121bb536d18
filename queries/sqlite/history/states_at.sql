-- Each target's check states in its last snapshot at or before :at: the fleet overview
-- (now) and what it looked like when the previous report was made.
SELECT s.target, s.engine, s.taken_at, v.metric, v.value
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id AND v.metric LIKE 'health\_status.%' ESCAPE '\'
WHERE s.id IN (SELECT max(id) FROM snapshot WHERE taken_at <= :at GROUP BY target)
ORDER BY s.target, v.metric
