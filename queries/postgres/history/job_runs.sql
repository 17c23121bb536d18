-- The jobs' runs that started in the period ($1 since, $2 until), per target and job.
SELECT target, job, started_at, seconds, outcome, rows, bytes, path, detail
FROM job_run
WHERE started_at >= $1::double precision
  AND started_at <= $2::double precision
ORDER BY target COLLATE "C", job COLLATE "C", started_at
