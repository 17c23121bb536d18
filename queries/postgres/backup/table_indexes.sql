-- Every valid index of a user table, as the statement that builds it: a CREATE INDEX, or
-- the ALTER TABLE ... ADD CONSTRAINT of a primary key, unique or exclusion constraint.
-- Restore builds them table by table as soon as the table's rows are in. Run with an
-- empty search_path, so every name is schema-qualified as pg_dump writes it.
-- What pg_dump adds and these functions leave out, so the rebuilt index is the same one:
-- a primary or unique key's storage parameters (pg_get_constraintdef writes no WITH for
-- them; the clause goes before DEFERRABLE, as the grammar has it), and the tablespace,
-- which restore sets as default_tablespace for the build, as pg_restore does. And the
-- statements pg_dump writes with an index (`extras`), run after it: the table's CLUSTER ON,
-- REPLICA IDENTITY USING INDEX (without it, logical replication of a table with no primary
-- key refuses its updates), and an expression column's statistics target.
SELECT i.indrelid::bigint AS table_oid,
       n.nspname AS schema,
       t.relname AS "table",
       ic.relname AS index_name,
       c.conname AS constraint_name,
       CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE format('ALTER TABLE ONLY %s ADD CONSTRAINT %I %s', i.indrelid::regclass, c.conname,
                        CASE WHEN c.contype = 'x' OR ic.reloptions IS NULL THEN pg_get_constraintdef(c.oid)
                             ELSE regexp_replace(pg_get_constraintdef(c.oid), '\)((?: DEFERRABLE(?: INITIALLY DEFERRED)?)?)$',
                                                 ') WITH (' || (SELECT string_agg(format('%s = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                                                FROM unnest(ic.reloptions) AS o) || ')\1')
                        END)
       END AS definition,
       s.spcname AS tablespace,
       to_json(ARRAY(SELECT x.statement
             FROM (SELECT 0 AS position, format('ALTER TABLE %s CLUSTER ON %I', i.indrelid::regclass, ic.relname) AS statement
                   WHERE i.indisclustered
                   UNION ALL
                   SELECT 0, format('ALTER TABLE ONLY %s REPLICA IDENTITY USING INDEX %I', i.indrelid::regclass, ic.relname)
                   WHERE i.indisreplident
                   UNION ALL
                   SELECT a.attnum, format('ALTER INDEX %s ALTER COLUMN %s SET STATISTICS %s', i.indexrelid::regclass, a.attnum, a.attstattarget)
                   FROM pg_attribute a
                   WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0) AS x
             ORDER BY x.position, x.statement)) AS extras,
       pg_relation_size(i.indrelid) AS table_bytes
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
LEFT JOIN pg_tablespace s ON s.oid = ic.reltablespace
WHERE i.indisvalid
  AND i.indislive
  AND t.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY 1, 4
