-- Retention: snapshots (with their values), analytics days and job runs older than the
-- limit ($1, Unix seconds; its UTC day for analytics days).
DELETE FROM snapshot WHERE taken_at < $1::double precision;
DELETE FROM analytics_day
WHERE day < to_char(to_timestamp($1::double precision) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
DELETE FROM statement_text
WHERE NOT EXISTS (SELECT 1 FROM snapshot s JOIN statement t ON t.snapshot_id = s.id
                  WHERE s.target = statement_text.target AND t.query_id = statement_text.query_id);
DELETE FROM job_run WHERE started_at < $1::double precision;
