-- The triggers of table ? in the session's database that a restore --table reload would
-- fire on every row: DELETE triggers as it empties the table, INSERT triggers as it loads.
SELECT TRIGGER_NAME AS name, EVENT_MANIPULATION AS event, ACTION_TIMING AS timing
FROM information_schema.TRIGGERS
WHERE EVENT_OBJECT_SCHEMA = DATABASE()
  AND EVENT_OBJECT_TABLE = ?
  AND EVENT_MANIPULATION IN ('INSERT', 'DELETE')
ORDER BY TRIGGER_NAME
