-- The statement ids whose texts are stored for target $1.
SELECT query_id FROM statement_text WHERE target = $1::text
