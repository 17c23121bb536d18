-- Columns a backup copies, in table order: generated columns are computed again on restore.
-- A partitioned table's too, which a restore looks up its column entries by.
-- binary_io: COPY (FORMAT binary) can carry the column. That needs binary send/receive
-- functions for its type and for every type inside it: an array, a domain, a range, a
-- multirange or a composite type has its own (array_send, record_send, ...) even when what
-- it holds has none (aclitem[], a composite with an aclitem attribute), and COPY would fail
-- on the first row. Each column type used is followed inwards (reach: the types inside it,
-- by index lookups) and travels as text if any of them lacks the functions.
WITH RECURSIVE columns AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND a.attnum > 0
      AND NOT a.attisdropped
      AND a.attgenerated = ''
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_'
), reach(used, inner_type) AS (
    SELECT DISTINCT atttypid, atttypid FROM columns
  UNION
    SELECT r.used, inside.oid
    FROM reach r
    CROSS JOIN LATERAL (
        SELECT t.typelem FROM pg_type t WHERE t.oid = r.inner_type AND t.typcategory = 'A' AND t.typelem <> 0
        UNION ALL
        SELECT t.typbasetype FROM pg_type t WHERE t.oid = r.inner_type AND t.typtype = 'd'
        UNION ALL
        SELECT g.rngsubtype FROM pg_range g WHERE g.rngtypid = r.inner_type
        UNION ALL
        SELECT g.rngtypid FROM pg_range g WHERE g.rngmultitypid = r.inner_type
        UNION ALL
        SELECT ca.atttypid FROM pg_type t JOIN pg_attribute ca ON ca.attrelid = t.typrelid
        WHERE t.oid = r.inner_type AND t.typtype = 'c' AND ca.attnum > 0 AND NOT ca.attisdropped
    ) inside(oid)
), text_only AS (
    SELECT DISTINCT r.used FROM reach r JOIN pg_type t ON t.oid = r.inner_type
    WHERE t.typsend = 0 OR t.typreceive = 0
)
SELECT c.attrelid::bigint AS oid,
       c.attname AS name,
       format_type(c.atttypid, c.atttypmod) AS type,
       c.atttypid NOT IN (SELECT used FROM text_only) AS binary_io
FROM columns c
ORDER BY c.attrelid, c.attnum
