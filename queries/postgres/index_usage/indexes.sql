-- Every index of the current database with what decides whether it is used, needed or
-- redundant: the partitioned index it belongs to, method, key columns (attribute numbers, operator classes, orderings and
-- collations, compared position by position), expressions, predicate, the constraint it
-- backs, size and scans since statistics were reset. The indexes of a table a migration
-- holds ACCESS EXCLUSIVE (catalog/held_tables.sql) come with held true and neither sizes
-- nor expressions: reading them would wait for the lock, and the lock timeout would then
-- lose the whole report.
WITH held AS MATERIALIZED (
    -- dbops:include catalog/held_tables
)
SELECT n.nspname AS schema,
       t.relname AS "table",
       c.relname AS index,
       am.amname AS method,
       i.indisprimary AS is_primary,
       i.indisunique AS is_unique,
       i.indisexclusion AS is_exclusion,
       i.indisreplident AS is_replica_identity,
       i.indisvalid AS is_valid,
       c.relkind = 'I' AS is_partitioned,
       i.indnkeyatts AS key_count,
       array_to_string((string_to_array(i.indkey::text, ' '))[1:i.indnkeyatts], ' ') AS key_columns,
       array_to_string((string_to_array(i.indclass::text, ' '))[1:i.indnkeyatts], ' ') AS key_opclasses,
       array_to_string((string_to_array(i.indoption::text, ' '))[1:i.indnkeyatts], ' ') AS key_options,
       array_to_string((string_to_array(i.indcollation::text, ' '))[1:i.indnkeyatts], ' ') AS key_collations,
       CASE WHEN h.relation IS NULL THEN pg_get_expr(i.indexprs, i.indrelid) END AS expressions,
       CASE WHEN h.relation IS NULL THEN pg_get_expr(i.indpred, i.indrelid) END AS predicate,
       con.conname AS constraint_name,
       CASE WHEN h.relation IS NULL THEN pg_relation_size(c.oid) END AS bytes,
       CASE WHEN h.relation IS NULL THEN pg_relation_size(t.oid) END AS table_bytes,
       s.idx_scan AS scans,
       (SELECT format('%s.%s', pn.nspname, p.relname)
        FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE h.inhrelid = i.indexrelid) AS parent_index,
       CASE WHEN h.relation IS NULL THEN pg_get_indexdef(c.oid) END AS definition,
       h.relation IS NOT NULL AS held
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = c.relam
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
LEFT JOIN held h ON h.relation = t.oid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
ORDER BY 1, 2, 3
