-- The databases a whole-server backup covers (those fleet/databases.sql lists, templates
-- too), as CREATE DATABASE with the source's encoding, collation and owner (the bootstrap superuser's databases get the restoring
-- user as owner), their privileges as REVOKE/GRANT, and their comment and connection
-- limit (set after the rows, as pg_dump's DATABASE PROPERTIES, so that a limit of 1 cannot
-- turn away the restore's own workers): what pg_dump --create adds. The
-- locale provider and the ICU or builtin locale (which decide how text sorts and compares
-- there) are read through to_jsonb, whose keys are each version's columns: datlocprovider
-- and daticulocale from 15, datlocale from 17, daticurules from 16.
SELECT d.datname AS name,
       format('CREATE DATABASE %I WITH TEMPLATE = template0 ENCODING = %L%s LC_COLLATE = %L LC_CTYPE = %L%s%s%s',
              d.datname, pg_catalog.pg_encoding_to_char(d.encoding),
              CASE j ->> 'datlocprovider' WHEN 'i' THEN ' LOCALE_PROVIDER = icu' WHEN 'b' THEN ' LOCALE_PROVIDER = builtin'
                                          WHEN 'c' THEN ' LOCALE_PROVIDER = libc' ELSE '' END,
              d.datcollate, d.datctype,
              CASE j ->> 'datlocprovider' WHEN 'i' THEN format(' ICU_LOCALE = %L', coalesce(j ->> 'datlocale', j ->> 'daticulocale'))
                                          WHEN 'b' THEN format(' BUILTIN_LOCALE = %L', j ->> 'datlocale') ELSE '' END,
              CASE WHEN j ->> 'daticurules' IS NOT NULL THEN format(' ICU_RULES = %L', j ->> 'daticurules') ELSE '' END,
              CASE WHEN d.datdba <> 10 THEN format(' OWNER = %I', pg_catalog.pg_get_userbyid(d.datdba)) ELSE '' END)
         AS create_sql,
       -- Its default tablespace, added to CREATE DATABASE unless --no-tablespaces.
       (SELECT format(' TABLESPACE = %I', t.spcname) FROM pg_catalog.pg_tablespace t
        WHERE t.oid = d.dattablespace AND t.spcname <> 'pg_default') AS tablespace_sql,
       -- The statements after its rows, each an element of a JSON array: a role's name or a
       -- comment may hold any character, so no separator could be trusted.
       CASE WHEN d.datacl IS NULL THEN NULL ELSE to_jsonb(
         ARRAY[format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d.datname)]
         || ARRAY(SELECT format('GRANT %s ON DATABASE %I TO %s%s', a.privilege_type, d.datname,
                                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM aclexplode(d.datacl) a
                  WHERE a.grantee <> d.datdba AND a.grantee <> 10
                  ORDER BY a.grantee, a.privilege_type)) END AS grants,
       to_jsonb(array_remove(ARRAY[
         (SELECT format('COMMENT ON DATABASE %I IS %L', d.datname, c.description)
          FROM pg_catalog.pg_shdescription c
          WHERE c.objoid = d.oid AND c.classoid = 'pg_catalog.pg_database'::pg_catalog.regclass),
         CASE WHEN d.datconnlimit <> -1 THEN format('ALTER DATABASE %I CONNECTION LIMIT %s', d.datname, d.datconnlimit) END,
         -- A template an application makes its databases from (template0 and template1 are
         -- every server's own, left out): one again once its rows are in, as pg_dump's
         -- DATABASE PROPERTIES makes it.
         CASE WHEN d.datistemplate THEN format('ALTER DATABASE %I IS_TEMPLATE = true', d.datname) END],
         NULL)) AS properties
FROM pg_catalog.pg_database d, pg_catalog.to_jsonb(d) j
WHERE d.datallowconn AND NOT (d.datistemplate AND d.datname IN ('template0', 'template1'))
ORDER BY d.datname
