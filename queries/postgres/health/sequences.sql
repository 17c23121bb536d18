-- How much of its range each sequence has used. A sequence feeding a smaller column than
-- its own type (an int column fed by a bigint sequence) is measured against the column.
WITH owned AS (
    SELECT d.objid AS seq_oid, format_type(a.atttypid, a.atttypmod) AS column_type,
           t.relname AS table_name, a.attname AS column_name
    FROM pg_depend d
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
)
SELECT s.schemaname AS schema,
       s.sequencename AS sequence,
       o.table_name AS "table",
       o.column_name AS "column",
       s.data_type::text AS sequence_type,
       s.last_value,
       LEAST(s.max_value::numeric,
             CASE o.column_type WHEN 'smallint' THEN 32767 WHEN 'integer' THEN 2147483647 ELSE s.max_value END) AS effective_max,
       round(CASE WHEN s.increment_by > 0
                  THEN 100.0 * (COALESCE(s.last_value, s.start_value)::numeric - s.min_value)
                       / NULLIF(LEAST(s.max_value::numeric,
                                      CASE o.column_type WHEN 'smallint' THEN 32767 WHEN 'integer' THEN 2147483647 ELSE s.max_value END)
                                - s.min_value, 0)
                  ELSE 100.0 * (s.max_value::numeric - COALESCE(s.last_value, s.start_value))
                       / NULLIF(s.max_value::numeric - s.min_value, 0)
             END, 2) AS percent_used
FROM pg_sequences s
JOIN pg_class c ON c.relname = s.sequencename
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
LEFT JOIN owned o ON o.seq_oid = c.oid
ORDER BY percent_used DESC NULLS LAST
LIMIT 10
