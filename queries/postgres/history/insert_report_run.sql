-- When a report over selection $2 was made ($1).
INSERT INTO report_run (made_at, targets) VALUES ($1::double precision, $2::text)
