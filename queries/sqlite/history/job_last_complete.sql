-- When each target's job last completed, at or before :until (before the period too).
SELECT target, job, max(started_at + seconds) AS ended_at
FROM job_run
WHERE outcome = 'complete'
  AND started_at <= :until
GROUP BY target, job
