-- Retention: snapshots (with their values), analytics days and job runs older than the limit.
DELETE FROM snapshot WHERE taken_at < :before;
DELETE FROM analytics_day WHERE day < :before_day;
DELETE FROM statement_text
WHERE NOT EXISTS (SELECT 1 FROM snapshot s JOIN statement t ON t.snapshot_id = s.id
                  WHERE s.target = statement_text.target AND t.query_id = statement_text.query_id);
DELETE FROM job_run WHERE started_at < :before;
