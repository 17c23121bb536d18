-- One cleanup batch in one statement: lock up to :limit expired rows, skipping rows the
-- application has locked right now (a later batch or run takes them), and delete exactly
-- those rows by primary key. {order} is the expiry column when an index starts with it
-- (the batch reads only expired rows, oldest first), else the primary key, walked from the
-- previous batch's last key ({after}) so no row is read twice. FOR UPDATE re-checks the
-- expiry of a row the application changed meanwhile: a refreshed row is left alone.
-- {unreferenced} leaves out rows another table still references through a foreign key that
-- forbids their deletion (RestrictingReferences): they stay, and the run says so.
-- Returns how many rows went and the last key of the batch.
WITH doomed AS (
    SELECT {keys}
    FROM {table}
    WHERE {column} < :cutoff{after}{unreferenced}
    ORDER BY {order}
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), gone AS (
    DELETE FROM {table} AS t
    USING doomed AS d
    WHERE {key_match}
    RETURNING 1
)
SELECT (SELECT pg_catalog.count(*) FROM gone) AS deleted,
       (SELECT pg_catalog.count(*) FROM doomed) AS locked,
       last.*
FROM (SELECT 1) AS one
LEFT JOIN (SELECT {last_keys} FROM doomed ORDER BY {keys_desc} LIMIT 1) AS last ON true
