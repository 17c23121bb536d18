-- A snapshot's statement work ($1): query id, calls, total ms, rows as parallel arrays.
INSERT INTO statement (snapshot_id, query_id, calls, total_ms, rows)
SELECT $1::bigint, query_id, calls, total_ms, rows
FROM unnest($2::text[], $3::bigint[], $4::double precision[], $5::bigint[]) AS given (query_id, calls, total_ms, rows)
