-- The database's locale, as CREATE DATABASE takes it. Read through to_jsonb, so one
-- statement serves every version's columns: datlocprovider from 15, daticulocale in 15
-- and 16 (datlocale from 17), daticurules from 16; a server before 15 has libc alone.
SELECT coalesce(d ->> 'datlocprovider', 'c') AS provider,
       d ->> 'datcollate' AS collate, d ->> 'datctype' AS ctype,
       coalesce(d ->> 'datlocale', d ->> 'daticulocale') AS locale,
       d ->> 'daticurules' AS icu_rules
FROM (SELECT pg_catalog.to_jsonb(db) AS d FROM pg_catalog.pg_database db
      WHERE db.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()) s
