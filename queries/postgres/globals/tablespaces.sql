-- The server's tablespaces, as pg_dumpall --globals-only has them: where each lives (its
-- LOCATION; the directory must exist, empty, on the server restored to), its owner (the
-- bootstrap superuser's go to the restoring user), options, comment and privileges.
SELECT t.spcname AS name,
       format('CREATE TABLESPACE %I%s LOCATION %L', t.spcname,
              CASE WHEN t.spcowner <> 10 THEN format(' OWNER %I', pg_catalog.pg_get_userbyid(t.spcowner)) ELSE '' END,
              pg_catalog.pg_tablespace_location(t.oid)) AS create_sql,
       -- Its options, comment and grants, each an element of a JSON array (a comment or a
       -- role's name may hold any character, so no separator could be trusted).
       to_jsonb(array_remove(ARRAY[
         CASE WHEN t.spcoptions IS NOT NULL
              THEN format('ALTER TABLESPACE %I SET (%s)', t.spcname, pg_catalog.array_to_string(t.spcoptions, ', ')) END,
         CASE WHEN pg_catalog.shobj_description(t.oid, 'pg_tablespace') IS NOT NULL
              THEN format('COMMENT ON TABLESPACE %I IS %L', t.spcname, pg_catalog.shobj_description(t.oid, 'pg_tablespace')) END],
         NULL)
         || ARRAY(SELECT format('GRANT %s ON TABLESPACE %I TO %s%s', a.privilege_type, t.spcname,
                                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM aclexplode(t.spcacl) a
                  WHERE a.grantee <> t.spcowner AND a.grantee <> 10
                  ORDER BY a.grantee, a.privilege_type)) AS after
FROM pg_catalog.pg_tablespace t
WHERE t.spcname NOT IN ('pg_default', 'pg_global')
ORDER BY t.spcname
