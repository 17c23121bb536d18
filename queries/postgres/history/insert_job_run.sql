-- One run of a job as it ended.
INSERT INTO job_run (target, job, started_at, seconds, outcome, rows, bytes, path, detail)
VALUES ($1::text, $2::text, $3::double precision, $4::double precision, $5::text, $6::bigint, $7::bigint,
        $8::text, $9::text)
