-- Statement work of the snapshots from :previous to :until that measured a difference, as
-- stored (no GROUP BY): the store sums per target and statement as the rows stream by (a
-- year of a fleet is a million rows, which SQLite would sort to group), the work from
-- :since on as the period's, the rest as the period before it. See statement_totals.sql in
-- queries/postgres/history for the same sums in SQL.
SELECT s.target,
       t.query_id,
       s.taken_at >= :since AS current,
       t.calls,
       t.total_ms
FROM snapshot s
CROSS JOIN statement t ON t.snapshot_id = s.id     -- snapshots by time first, then their rows
WHERE s.taken_at >= :previous
  AND s.taken_at <= :until
  AND s.statements_mode = 'delta'
