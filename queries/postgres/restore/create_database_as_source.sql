-- The database a restore --create or a drill makes from a backup that recorded its
-- source's locale: from template0, in the source's encoding and locale (provider,
-- collation, character classes, ICU or builtin locale, ICU rules), as pg_restore --create
-- makes it. Written out by the server with each value quoted, since the values come from
-- a manifest. LOCALE_PROVIDER is named from 15 on even for libc, since template0 may be
-- ICU's there; a server before 15 is told only of a provider other than libc, and refuses.
-- $8: the source's default tablespace, or NULL (pg_default, --no-tablespaces, a drill).
SELECT pg_catalog.format('CREATE DATABASE %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L%s%s%s%s',
         CAST($1 AS text), CAST($2 AS text), CAST($3 AS text), CAST($4 AS text),
         CASE WHEN CAST($5 AS text) OPERATOR(pg_catalog.<>) 'c'
                   OR pg_catalog.current_setting('server_version_num')::int OPERATOR(pg_catalog.>=) 150000
              THEN ' LOCALE_PROVIDER ' || CASE CAST($5 AS text) WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END
              ELSE '' END,
         CASE CAST($5 AS text) WHEN 'i' THEN pg_catalog.format(' ICU_LOCALE %L', CAST($6 AS text))
                               WHEN 'b' THEN pg_catalog.format(' BUILTIN_LOCALE %L', CAST($6 AS text))
                               ELSE '' END,
         CASE WHEN CAST($7 AS text) IS NOT NULL THEN pg_catalog.format(' ICU_RULES %L', CAST($7 AS text)) ELSE '' END,
         CASE WHEN CAST($8 AS text) IS NOT NULL THEN pg_catalog.format(' TABLESPACE %I', CAST($8 AS text)) ELSE '' END)
       AS sql
