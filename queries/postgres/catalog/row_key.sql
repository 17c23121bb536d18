-- The columns that name one row of a table, in key order (found through the search_path
-- unless a schema is given): its primary key, or else, as pt-archiver does, a unique index
-- that names one row as surely: every key column NOT NULL, plain columns (no expression),
-- not partial, valid and enforced at once (not deferred). Of several, the one with the
-- fewest columns, then the first by name. INCLUDE columns are no part of a key.
WITH chosen AS (
    SELECT i.indrelid, i.indkey, i.indnkeyatts
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = pg_catalog.to_regclass(CASE WHEN :schema::text IS NULL THEN pg_catalog.quote_ident(:table)
                                        ELSE pg_catalog.quote_ident(:schema) || '.' || pg_catalog.quote_ident(:table) END)
      AND i.indisunique
      AND i.indisvalid
      AND i.indimmediate
      AND i.indpred IS NULL
      AND i.indexprs IS NULL
      AND NOT EXISTS (SELECT 1
                      FROM pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                      WHERE k.position <= i.indnkeyatts
                        AND NOT a.attnotnull)
    ORDER BY i.indisprimary DESC, i.indnkeyatts, c.relname
    LIMIT 1
)
SELECT a.attname AS column_name
FROM chosen i
CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE k.position <= i.indnkeyatts
ORDER BY k.position
