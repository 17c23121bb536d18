-- Every stored statement text, by target and id.
SELECT target, query_id, query FROM statement_text
