-- When each target's job last completed, at or before $1.
SELECT target, job, max(started_at + seconds) AS ended_at
FROM job_run
WHERE outcome = 'complete'
  AND started_at <= $1::double precision
GROUP BY target, job
