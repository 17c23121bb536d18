-- Each table's size in the period ($1 since, $2 until) as least-squares sums over (days
-- since $1, bytes), and its last size (the SQLite store sums the same terms as it reads
-- queries/sqlite/history/table_size_rows.sql).
SELECT s.target,
       v.subject,
       count(*) AS n,
       sum((s.taken_at - $1::double precision) / 86400.0) AS sx,
       sum(v.value) AS sy,
       sum((s.taken_at - $1::double precision) / 86400.0 * v.value) AS sxy,
       sum(((s.taken_at - $1::double precision) / 86400.0) ^ 2) AS sxx,
       max(s.taken_at) AS last_at,
       (array_agg(v.value ORDER BY s.taken_at DESC))[1] AS last_value
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id AND v.metric = 'table.total_bytes'
WHERE s.taken_at >= $1::double precision
  AND s.taken_at <= $2::double precision
GROUP BY s.target, v.subject
