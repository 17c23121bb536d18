-- Which table references which, for loading parents first.
SELECT cn.nspname || '.' || c.relname AS child,
       pn.nspname || '.' || p.relname AS parent
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = k.confrelid
JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE k.contype = 'f'
  AND k.conrelid <> k.confrelid
