-- Foreign keys with their columns, for restore --table: which tables outside the reloaded
-- set reference it, and which referencing rows to check for a parent before commit.
-- Column lists in key order, as JSON arrays (a name may hold any character). A partition's copy of its parent's foreign
-- key is left out (the parent's covers it).
SELECT k.conname AS name,
       cn.nspname AS child_schema, c.relname AS child_table,
       pn.nspname AS parent_schema, p.relname AS parent_table,
       (SELECT json_agg(a.attname ORDER BY u.ord)::text
        FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS child_columns,
       (SELECT json_agg(a.attname ORDER BY u.ord)::text
        FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) AS parent_columns
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = k.confrelid
JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE k.contype = 'f'
  AND k.conparentid = 0
ORDER BY 2, 3, 1
