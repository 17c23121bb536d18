-- Each statement's work in the period (taken_at from :since to :until) and in the period
-- of the same length before it (from :previous), per target, from the snapshots that
-- measured a difference. The report ranks these; it reads per-snapshot points only for
-- the statements it lists.
SELECT s.target,
       t.query_id,
       sum(CASE WHEN s.taken_at >= :since THEN t.calls ELSE 0 END) AS calls,
       sum(CASE WHEN s.taken_at >= :since THEN t.total_ms ELSE 0 END) AS total_ms,
       sum(CASE WHEN s.taken_at < :since THEN t.calls ELSE 0 END) AS previous_calls,
       sum(CASE WHEN s.taken_at < :since THEN t.total_ms ELSE 0 END) AS previous_ms
FROM snapshot s
CROSS JOIN statement t ON t.snapshot_id = s.id     -- snapshots by time first, then their rows
WHERE s.taken_at >= :previous
  AND s.taken_at <= :until
  AND s.statements_mode = 'delta'
GROUP BY s.target, t.query_id
HAVING sum(CASE WHEN s.taken_at >= :since THEN t.calls ELSE 0 END) > 0
