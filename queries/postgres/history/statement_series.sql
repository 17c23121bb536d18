-- Statement work per snapshot since a time ($1 target or NULL, $2 since), with each
-- statement's text; only snapshots that measured a difference.
SELECT s.target, s.taken_at, t.query_id, t.calls, t.total_ms, t.rows, q.query
FROM statement t
JOIN snapshot s ON s.id = t.snapshot_id
LEFT JOIN statement_text q ON q.target = s.target AND q.query_id = t.query_id
WHERE ($1::text IS NULL OR s.target = $1::text)
  AND s.taken_at >= $2::double precision
  AND s.statements_mode = 'delta'
ORDER BY s.target COLLATE "C", t.query_id COLLATE "C", s.taken_at
