-- The target whose latest backup wrote folder $1.
SELECT target
FROM job_run
WHERE path = $1::text
  AND job = 'backup'
ORDER BY started_at DESC
LIMIT 1
