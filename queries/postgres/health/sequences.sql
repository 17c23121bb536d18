-- How much of its range each sequence has used. A sequence feeding a smaller column than
-- its own type (an int column fed by a bigint sequence) is measured against the column.
-- Read from the pg_sequence catalog rather than the pg_sequences view: the view's
-- definition is planned again on every call, most of this query's cost on a fleet of small
-- databases. The view's rules are kept: other sessions' temporary sequences are skipped,
-- and last_value is NULL where we may not read it (pg_sequence_last_value would fail).
-- A sequence this role may not read (pg_monitor does not grant it) has no percent_used, and
-- every row carries how many there are: such a sequence counted from its start value would
-- look unused whatever its real position.
WITH seq AS (
    SELECT n.nspname AS schema, c.relname AS sequence, c.oid,
           format_type(s.seqtypid, NULL) AS data_type,
           has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable,
           CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid) END AS last_value,
           s.seqstart AS start_value, s.seqmin AS min_value, s.seqmax AS max_value, s.seqincrement AS increment_by,
           s.seqcycle AS cycles
    FROM pg_sequence s
    JOIN pg_class c ON c.oid = s.seqrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT pg_is_other_temp_schema(n.oid)
),
measured AS (
    SELECT s.schema,
           s.sequence,
           o.table_name AS "table",
           o.column_name AS "column",
           s.data_type AS sequence_type,
           s.last_value,
           LEAST(s.max_value::numeric,
                 CASE o.column_type WHEN 'smallint' THEN 32767 WHEN 'integer' THEN 2147483647 ELSE s.max_value END) AS effective_max,
           CASE WHEN NOT s.readable THEN NULL
                WHEN s.increment_by > 0
                THEN 100.0 * (COALESCE(s.last_value, s.start_value)::numeric - s.min_value)
                     / NULLIF(LEAST(s.max_value::numeric,
                                    CASE o.column_type WHEN 'smallint' THEN 32767 WHEN 'integer' THEN 2147483647 ELSE s.max_value END)
                              - s.min_value, 0)
                ELSE 100.0 * (s.max_value::numeric - COALESCE(s.last_value, s.start_value))
                     / NULLIF(s.max_value::numeric
                              - GREATEST(s.min_value::numeric,
                                         CASE o.column_type WHEN 'smallint' THEN -32768 WHEN 'integer' THEN -2147483648 ELSE s.min_value END), 0)
           END AS used,
           s.readable,
           -- A CYCLE sequence starts again at its other end rather than failing, so its own
           -- range never runs out; only a column narrower than that range still overflows
           -- (an int column fed by a cycling bigint sequence fails at 2^31 - 1 all the same).
           s.cycles AND o.column_type IS DISTINCT FROM 'smallint' AND o.column_type IS DISTINCT FROM 'integer'
               OR s.cycles AND s.max_value <= CASE o.column_type WHEN 'smallint' THEN 32767 ELSE 2147483647 END
                           AND s.min_value >= CASE o.column_type WHEN 'smallint' THEN -32768 ELSE -2147483648 END
               AS wraps
    FROM seq s
    -- The column the sequence feeds: as its owner (serial, identity: the sequence depends
    -- on the column) or through a column default calling nextval() (the default depends on
    -- the sequence), each found by pg_depend's indexes from the sequence. Of several
    -- columns the smallest type is the one that overflows first.
    LEFT JOIN LATERAL (
        SELECT format_type(a.atttypid, a.atttypmod) AS column_type, t.relname AS table_name, a.attname AS column_name
        FROM (
            SELECT d.refobjid AS relid, d.refobjsubid::int2 AS attnum
            FROM pg_depend d
            WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.objsubid = 0
              AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            UNION ALL
            SELECT ad.adrelid, ad.adnum
            FROM pg_depend d
            JOIN pg_attrdef ad ON ad.oid = d.objid
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = s.oid AND d.refobjsubid = 0
              AND d.classid = 'pg_attrdef'::regclass AND d.deptype = 'n'
        ) f
        JOIN pg_class t ON t.oid = f.relid
        JOIN pg_attribute a ON a.attrelid = f.relid AND a.attnum = f.attnum
        ORDER BY CASE a.atttypid WHEN 'int2'::regtype THEN 1 WHEN 'int4'::regtype THEN 2 ELSE 3 END, t.relname, a.attname
        LIMIT 1
    ) o ON true
)
SELECT schema, sequence, "table", "column", sequence_type, last_value, effective_max,
       -- At most 100: a sequence already past what its column holds is used up, however
       -- far (NULL, unreadable, stays NULL; LEAST would have made it 100).
       round(CASE WHEN used > 100 THEN 100 ELSE used END, 2) AS percent_used,
       count(*) FILTER (WHERE NOT readable) OVER () AS unreadable
FROM measured
WHERE NOT wraps
ORDER BY percent_used DESC NULLS LAST
LIMIT 10
