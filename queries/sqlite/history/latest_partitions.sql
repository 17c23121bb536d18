-- What each target's latest snapshot at or before :until found of its partitioned tables
-- (partitions.future, .premake, .due, .current_covered per schema.table). The range on
-- metric reads the sample index instead of a LIKE.
SELECT s.target, v.subject, v.metric, v.value, s.taken_at
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id
WHERE v.metric >= 'partitions.' AND v.metric < 'partitions/'
  AND s.id = (SELECT max(s2.id)
              FROM snapshot s2
              JOIN sample v2 ON v2.snapshot_id = s2.id
              WHERE s2.target = s.target
                AND s2.taken_at <= :until
                AND v2.metric >= 'partitions.' AND v2.metric < 'partitions/')
ORDER BY s.target, v.subject, v.metric
