-- The counters target $1's snapshot read ($2, base64), for the next one's differences.
INSERT INTO statement_state (target, state)
VALUES ($1::text, $2::text)
ON CONFLICT (target) DO UPDATE SET state = EXCLUDED.state
