-- One series of one target: the values of a metric (per subject) at each snapshot since a
-- time ($1 metric, $2 since, $3 target or NULL, $4 subject or NULL).
SELECT s.target, s.taken_at, v.subject, v.value
FROM snapshot s
JOIN sample v ON v.snapshot_id = s.id AND v.metric = $1::text
WHERE s.taken_at >= $2::double precision
  AND ($3::text IS NULL OR s.target = $3::text)
  AND ($4::text IS NULL OR v.subject = $4::text)
ORDER BY s.target COLLATE "C", v.subject COLLATE "C", s.taken_at
