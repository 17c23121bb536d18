-- One series of one target: the values of a metric (per subject) at each snapshot since a time.
SELECT s.target, s.taken_at, v.subject, v.value
FROM snapshot s
CROSS JOIN sample v ON v.snapshot_id = s.id AND v.metric = :metric   -- snapshots by time first
WHERE s.taken_at >= :since
  AND (:target IS NULL OR s.target = :target)
  AND (:subject IS NULL OR v.subject = :subject)
ORDER BY s.target, v.subject, s.taken_at
