-- One series of one target: the values of a metric (per subject) at each snapshot since a time.
SELECT s.target, s.taken_at, v.subject, v.value
FROM sample v
JOIN snapshot s ON s.id = v.snapshot_id
WHERE v.metric = :metric
  AND (:target IS NULL OR s.target = :target)
  AND (:subject IS NULL OR v.subject = :subject)
  AND s.taken_at >= :since
ORDER BY s.target, v.subject, s.taken_at
