-- Statement work per snapshot since a time, with each statement's text. Only snapshots
-- that measured a difference: a first snapshot (or one after a statistics reset) holds the
-- counters since the statistics began, not the work of its interval.
SELECT s.target, s.taken_at, t.query_id, t.calls, t.total_ms, t.rows, q.query
FROM statement t
JOIN snapshot s ON s.id = t.snapshot_id
LEFT JOIN statement_text q ON q.target = s.target AND q.query_id = t.query_id
WHERE (:target IS NULL OR s.target = :target)
  AND s.taken_at >= :since
  AND s.statements_mode = 'delta'
ORDER BY s.target, t.query_id, s.taken_at
