-- The target whose backup wrote a folder (the latest such run): a drill of that folder is
-- recorded under the same target.
SELECT target
FROM job_run
WHERE path = :path
  AND job = 'backup'
ORDER BY started_at DESC
LIMIT 1
