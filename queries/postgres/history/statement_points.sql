-- One statement's time at each snapshot of its target in the period (0 where it did not
-- run): $1 target, $2 query id, $3 since, $4 until.
SELECT s.taken_at, COALESCE(t.total_ms, 0) AS total_ms
FROM snapshot s
LEFT JOIN statement t ON t.snapshot_id = s.id AND t.query_id = $2::text
WHERE s.target = $1::text
  AND s.taken_at >= $3::double precision
  AND s.taken_at <= $4::double precision
  AND s.statements_mode = 'delta'
ORDER BY s.taken_at
