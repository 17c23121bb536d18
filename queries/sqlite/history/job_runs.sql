-- The jobs' runs that started in the period, per target and job in time order.
SELECT target, job, started_at, seconds, outcome, rows, bytes, path, detail
FROM job_run
WHERE started_at >= :since
  AND started_at <= :until
ORDER BY target, job, started_at
