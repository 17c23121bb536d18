-- The index advice of each target's last snapshot that looked at its indexes.
SELECT s.target, s.taken_at, f.kind, f.subject, f.detail, f.bytes, f.statement
FROM index_finding f
JOIN snapshot s ON s.id = f.snapshot_id
WHERE f.snapshot_id IN (SELECT max(s2.id) FROM snapshot s2 JOIN index_finding f2 ON f2.snapshot_id = s2.id
                        GROUP BY s2.target)
ORDER BY s.target COLLATE "C", f.kind COLLATE "C", f.bytes DESC NULLS LAST, f.subject COLLATE "C"
