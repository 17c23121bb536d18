-- One snapshot of a target: $1 target, $2 engine, $3 taken at, $4 seconds, $5 statements
-- mode, $6 notes.
INSERT INTO snapshot (target, engine, taken_at, seconds, statements_mode, notes)
VALUES ($1::text, $2::text, $3::double precision, $4::double precision, $5::text, $6::text)
RETURNING id
