-- Each table's size in the period as least-squares sums over (days since :since, bytes),
-- and its last size (SQLite takes the bare column from the row max() picks): the report's
-- growth a day is (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²).
SELECT s.target,
       v.subject,
       count(*) AS n,
       sum((s.taken_at - :since) / 86400.0) AS sx,
       sum(v.value) AS sy,
       sum((s.taken_at - :since) / 86400.0 * v.value) AS sxy,
       sum(((s.taken_at - :since) / 86400.0) * ((s.taken_at - :since) / 86400.0)) AS sxx,
       max(s.taken_at) AS last_at,
       v.value AS last_value
FROM snapshot s
CROSS JOIN sample v ON v.snapshot_id = s.id AND v.metric = 'table.total_bytes'
WHERE s.taken_at >= :since
  AND s.taken_at <= :until
GROUP BY s.target, v.subject
