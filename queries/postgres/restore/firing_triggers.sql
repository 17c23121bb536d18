-- The triggers of table $1 (a qualified name) that would fire while restore --table
-- reloads it — enabled INSERT, DELETE (--disable-triggers empties with DELETE) and
-- TRUNCATE triggers (tgtype bits 4, 8, 32), not the internal ones behind foreign keys —
-- and the mode each is enabled in (O origin, A always, R replica), to enable it again as
-- it was. UPDATE triggers do not fire on a reload, and are left alone.
SELECT t.tgname AS name, t.tgenabled::text AS mode
FROM pg_trigger t
WHERE t.tgrelid = pg_catalog.to_regclass($1)
  AND NOT t.tgisinternal
  AND t.tgenabled <> 'D'
  AND t.tgtype::int & (4 | 8 | 32) <> 0
ORDER BY t.tgname
