-- Each statement's work in the period ($2 to $3) and in the period before it (from $1),
-- per target, from the snapshots that measured a difference.
SELECT s.target,
       t.query_id,
       sum(CASE WHEN s.taken_at >= $2::double precision THEN t.calls ELSE 0 END) AS calls,
       sum(CASE WHEN s.taken_at >= $2::double precision THEN t.total_ms ELSE 0 END) AS total_ms,
       sum(CASE WHEN s.taken_at < $2::double precision THEN t.calls ELSE 0 END) AS previous_calls,
       sum(CASE WHEN s.taken_at < $2::double precision THEN t.total_ms ELSE 0 END) AS previous_ms
FROM snapshot s
JOIN statement t ON t.snapshot_id = s.id
WHERE s.taken_at >= $1::double precision
  AND s.taken_at <= $3::double precision
  AND s.statements_mode = 'delta'
GROUP BY s.target, t.query_id
HAVING sum(CASE WHEN s.taken_at >= $2::double precision THEN t.calls ELSE 0 END) > 0
