-- A literal example of each digest, from the statement history (needs the
-- events_statements_current and events_statements_history_long consumers).
SELECT h.DIGEST AS id, MAX(h.SQL_TEXT) AS sample
FROM performance_schema.events_statements_history_long h
WHERE h.DIGEST IS NOT NULL
GROUP BY h.DIGEST
