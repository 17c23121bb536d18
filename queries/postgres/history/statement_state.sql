-- The counters target $1's previous snapshot read (base64), if any.
SELECT state FROM statement_state WHERE target = $1::text
