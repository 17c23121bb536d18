-- What each target's latest snapshot at or before $1 found of its partitioned tables.
SELECT s.target, v.subject, v.metric, v.value, s.taken_at
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id
WHERE v.metric LIKE 'partitions.%'
  AND s.id = (SELECT max(s2.id)
              FROM snapshot s2
              JOIN sample v2 ON v2.snapshot_id = s2.id
              WHERE s2.target = s.target
                AND s2.taken_at <= $1::double precision
                AND v2.metric LIKE 'partitions.%')
ORDER BY s.target COLLATE "C", v.subject COLLATE "C", v.metric COLLATE "C"
