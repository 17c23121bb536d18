-- A snapshot's index advice ($1): kind, subject, detail, bytes, statement as parallel arrays.
INSERT INTO index_finding (snapshot_id, kind, subject, detail, bytes, statement)
SELECT $1::bigint, kind, subject, detail, bytes, statement
FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) AS given (kind, subject, detail, bytes, statement)
