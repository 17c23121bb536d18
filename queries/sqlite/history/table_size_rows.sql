-- Every table's size at each snapshot from :since to :until, as stored (no GROUP BY): the
-- store sums the least-squares terms per table as the rows stream by (queries/postgres/
-- history/table_growth.sql has the same sums in SQL).
SELECT s.target, v.subject, s.taken_at, v.value
FROM snapshot s
CROSS JOIN sample v ON v.snapshot_id = s.id AND v.metric = 'table.total_bytes'
WHERE s.taken_at >= :since
  AND s.taken_at <= :until
