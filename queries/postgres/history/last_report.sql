-- When the last report over selection $1 was made.
SELECT max(made_at) AS made_at FROM report_run WHERE targets = $1::text
