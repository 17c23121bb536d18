-- Statement texts of target $1: query ids and texts as parallel arrays.
INSERT INTO statement_text (target, query_id, query)
SELECT $1::text, query_id, query
FROM unnest($2::text[], $3::text[]) AS given (query_id, query)
ON CONFLICT (target, query_id) DO UPDATE SET query = EXCLUDED.query
