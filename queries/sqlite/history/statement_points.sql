-- One statement's time at each snapshot of its target in the period (0 where it did not
-- run): the report's sparkline.
SELECT s.taken_at, COALESCE(t.total_ms, 0) AS total_ms
FROM snapshot s
LEFT JOIN statement t ON t.snapshot_id = s.id AND t.query_id = :query_id
WHERE s.target = :target
  AND s.taken_at >= :since
  AND s.taken_at <= :until
  AND s.statements_mode = 'delta'
ORDER BY s.taken_at
